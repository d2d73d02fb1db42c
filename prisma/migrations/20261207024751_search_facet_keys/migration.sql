-- AlterTable
ALTER TABLE "Asset" ADD COLUMN     "facetKeys" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "useCount" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Asset_facetKeys_idx" ON "Asset" USING GIN ("facetKeys");

-- CreateIndex
CREATE INDEX "Asset_shopId_useCount_id_idx" ON "Asset"("shopId", "useCount" DESC, "id");


-- Search facets (issue #7): an asset's "facet:value" keys and placement count, recomputed from its own
-- columns and its latest version, placements, accepted tags, rights and the latest version's channel
-- renditions. Triggers below keep them: a row trigger on Asset for its own columns, statement triggers
-- (with transition tables, so a bulk write recomputes each asset once) on the tables they come from.
CREATE FUNCTION "asset_facet_keys"(p_shop uuid, p_id uuid, p_kind text, p_markets text[], p_languages text[], p_campaign text, p_latest uuid)
RETURNS text[] LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN ARRAY(SELECT DISTINCT k FROM (
    SELECT 'kind:' || p_kind AS k
    UNION ALL SELECT 'market:' || m FROM unnest(CASE WHEN cardinality(p_markets) > 0 THEN p_markets ELSE ARRAY['GLOBAL'] END) m
    UNION ALL SELECT 'language:' || l FROM unnest(p_languages) l
    UNION ALL SELECT 'campaign:' || p_campaign WHERE p_campaign IS NOT NULL
    UNION ALL SELECT 'state:' || v.state FROM "AssetVersion" v WHERE v.id = p_latest
    -- Placements still on a listing (a withdrawn one left it).
    UNION ALL SELECT 'channel:' || ca.channel
                FROM "Placement" p JOIN "Listing" l ON l.id = p."listingId" JOIN "ChannelAccount" ca ON ca.id = l."accountId"
               WHERE p."shopId" = p_shop AND p."assetId" = p_id AND p.state <> 'withdrawn'
    UNION ALL SELECT 'slot:main' FROM "Placement" p
               WHERE p."shopId" = p_shop AND p."assetId" = p_id AND p.state <> 'withdrawn' AND p.slot = 'main'
    UNION ALL SELECT 'usage:' || CASE WHEN EXISTS (
                SELECT 1 FROM "Placement" p WHERE p."shopId" = p_shop AND p."assetId" = p_id AND p.state <> 'withdrawn')
              THEN 'placed' ELSE 'unplaced' END
    -- Only accepted tags are the asset's (suggested and rejected auto tags are not).
    UNION ALL SELECT (CASE WHEN atg.facet IN ('colour', 'background', 'orientation') THEN atg.facet ELSE 'tag' END) || ':' || t.name
                FROM "AssetTag" atg JOIN "Tag" t ON t.id = atg."tagId"
               WHERE atg."assetId" = p_id AND atg."shopId" = p_shop AND atg.state = 'accepted'
    UNION ALL SELECT 'rights:' || coalesce((SELECT r.status FROM "Rights" r WHERE r."assetId" = p_id), 'none')
    -- The latest version's channel renditions (the newest per preset): a channel fails when one of its
    -- renditions fails, passes otherwise; "any" over all channels the same way.
    UNION ALL SELECT 'compliance:' || coalesce(z.ch, 'any') || ':' || CASE WHEN z.f THEN 'fail' ELSE 'pass' END
                FROM (SELECT y.ch, bool_or(y.verdict = 'fail') AS f
                        FROM (SELECT DISTINCT ON (x."presetId") split_part(x."presetId", '.', 1) AS ch, x.verdict
                                FROM "Rendition" x
                               WHERE x."versionId" = p_latest AND x.verdict IS NOT NULL
                                 AND split_part(x."presetId", '.', 1) IN ('shopify', 'amazon', 'tiktok')
                               ORDER BY x."presetId", x."createdAt" DESC) y
                       GROUP BY GROUPING SETS ((y.ch), ())) z
               WHERE z.f IS NOT NULL
  ) keys ORDER BY k);
END $$;

CREATE FUNCTION "asset_use_count"(p_shop uuid, p_id uuid) RETURNS integer LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT count(*)::int FROM "Placement" p WHERE p."shopId" = p_shop AND p."assetId" = p_id AND p.state <> 'withdrawn');
END $$;

-- PL/pgSQL, not SQL functions: PostgreSQL plans a SQL function's body on every call, PL/pgSQL once per
-- session (the keys are computed once per changed asset, in bulk writes thousands of times a statement).

-- Recomputes the given assets' keys: writing the column fires Asset_facets, which computes them.
CREATE FUNCTION "asset_refresh_facets"(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  UPDATE "Asset" SET "facetKeys" = ARRAY[]::text[] WHERE id = ANY(ids)
$$;

CREATE FUNCTION "asset_facets_own"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."facetKeys" := "asset_facet_keys"(NEW."shopId", NEW.id, NEW.kind, NEW.markets, NEW.languages, NEW.campaign, NEW."latestVersionId");
  NEW."useCount" := "asset_use_count"(NEW."shopId", NEW.id);
  RETURN NEW;
END $$;
CREATE TRIGGER "Asset_facets" BEFORE INSERT OR UPDATE OF kind, markets, languages, campaign, "latestVersionId", "facetKeys", "useCount"
  ON "Asset" FOR EACH ROW EXECUTE FUNCTION "asset_facets_own"();

-- Tables whose rows name their asset (AssetTag, Placement, Rights).
CREATE FUNCTION "asset_facets_by_asset"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "asset_refresh_facets"(ARRAY(SELECT DISTINCT "assetId" FROM new_rows));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM "asset_refresh_facets"(ARRAY(SELECT "assetId" FROM new_rows UNION SELECT "assetId" FROM old_rows));
  ELSE
    PERFORM "asset_refresh_facets"(ARRAY(SELECT DISTINCT "assetId" FROM old_rows));
  END IF;
  RETURN NULL;
END $$;

-- A version's state is a facet of the asset whose latest it is (a merge moves versions between assets).
CREATE FUNCTION "asset_facets_by_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "asset_refresh_facets"(ARRAY(
    SELECT n."assetId" FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.state IS DISTINCT FROM o.state OR n."assetId" <> o."assetId"
    UNION SELECT o."assetId" FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n."assetId" <> o."assetId"));
  RETURN NULL;
END $$;

-- A rendition's verdict is a facet of the asset whose latest version it renders.
CREATE FUNCTION "asset_facets_by_rendition"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "asset_refresh_facets"(ARRAY(SELECT a.id FROM "Asset" a WHERE a."latestVersionId" IN (SELECT "versionId" FROM new_rows WHERE verdict IS NOT NULL)));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM "asset_refresh_facets"(ARRAY(SELECT a.id FROM "Asset" a WHERE a."latestVersionId" IN (
      SELECT n."versionId" FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE n.verdict IS DISTINCT FROM o.verdict OR n."presetId" <> o."presetId" OR n."versionId" <> o."versionId"
      UNION SELECT o."versionId" FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n."versionId" <> o."versionId")));
  ELSE
    PERFORM "asset_refresh_facets"(ARRAY(SELECT a.id FROM "Asset" a WHERE a."latestVersionId" IN (SELECT "versionId" FROM old_rows WHERE verdict IS NOT NULL)));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "AssetTag_facets_insert" AFTER INSERT ON "AssetTag" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "asset_facets_by_asset"();
CREATE TRIGGER "AssetTag_facets_update" AFTER UPDATE ON "AssetTag" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "asset_facets_by_asset"();
CREATE TRIGGER "AssetTag_facets_delete" AFTER DELETE ON "AssetTag" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "asset_facets_by_asset"();
CREATE TRIGGER "Placement_facets_insert" AFTER INSERT ON "Placement" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "asset_facets_by_asset"();
CREATE TRIGGER "Placement_facets_update" AFTER UPDATE ON "Placement" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "asset_facets_by_asset"();
CREATE TRIGGER "Placement_facets_delete" AFTER DELETE ON "Placement" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "asset_facets_by_asset"();
CREATE TRIGGER "Rights_facets_insert" AFTER INSERT ON "Rights" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "asset_facets_by_asset"();
CREATE TRIGGER "Rights_facets_update" AFTER UPDATE ON "Rights" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "asset_facets_by_asset"();
CREATE TRIGGER "Rights_facets_delete" AFTER DELETE ON "Rights" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "asset_facets_by_asset"();
CREATE TRIGGER "AssetVersion_facets_update" AFTER UPDATE ON "AssetVersion" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "asset_facets_by_version"();
CREATE TRIGGER "Rendition_facets_insert" AFTER INSERT ON "Rendition" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "asset_facets_by_rendition"();
CREATE TRIGGER "Rendition_facets_update" AFTER UPDATE ON "Rendition" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "asset_facets_by_rendition"();
CREATE TRIGGER "Rendition_facets_delete" AFTER DELETE ON "Rendition" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "asset_facets_by_rendition"();

-- Existing assets (the trigger computes them).
UPDATE "Asset" SET "facetKeys" = ARRAY[]::text[];

-- PL/pgSQL caches a generic plan per session after a few calls; one made while the tables were small
-- (or never analysed, as on PGlite) scans them sequentially for ever after, which turned a bulk load
-- quadratic. These run index lookups whose plan must follow the tables' size: plan each call.
ALTER FUNCTION "asset_facet_keys"(uuid, uuid, text, text[], text[], text, uuid) SET plan_cache_mode = force_custom_plan;
ALTER FUNCTION "asset_use_count"(uuid, uuid) SET plan_cache_mode = force_custom_plan;
ALTER FUNCTION "asset_refresh_facets"(uuid[]) SET plan_cache_mode = force_custom_plan;
