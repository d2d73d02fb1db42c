-- Search facets (issue #7): an UPDATE of a placement, an asset tag or rights that leaves what the facet
-- keys read unchanged (a placement going pending → live, a tag's confidence, a licence date that does not
-- change the status) no longer recomputes the asset's keys. The sync engine updates placement states on
-- every publish; those writes now cost nothing here. What each table's keys read, compared old vs new
-- with EXCEPT (which also catches a row whose asset changed, e.g. a merge):
--   Placement: asset, listing, slot, withdrawn or not;  AssetTag: asset, tag, state, facet;  Rights: asset, status.
CREATE FUNCTION "asset_facets_placement_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "asset_refresh_facets"(ARRAY(
    SELECT x."assetId" FROM (
      (SELECT "assetId", "listingId", slot, state = 'withdrawn' AS w FROM new_rows EXCEPT SELECT "assetId", "listingId", slot, state = 'withdrawn' FROM old_rows)
      UNION ALL
      (SELECT "assetId", "listingId", slot, state = 'withdrawn' FROM old_rows EXCEPT SELECT "assetId", "listingId", slot, state = 'withdrawn' FROM new_rows)
    ) x));
  RETURN NULL;
END $$;

CREATE FUNCTION "asset_facets_tag_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "asset_refresh_facets"(ARRAY(
    SELECT x."assetId" FROM (
      (SELECT "assetId", "tagId", state, facet FROM new_rows EXCEPT SELECT "assetId", "tagId", state, facet FROM old_rows)
      UNION ALL
      (SELECT "assetId", "tagId", state, facet FROM old_rows EXCEPT SELECT "assetId", "tagId", state, facet FROM new_rows)
    ) x));
  RETURN NULL;
END $$;

CREATE FUNCTION "asset_facets_rights_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "asset_refresh_facets"(ARRAY(
    SELECT x."assetId" FROM (
      (SELECT "assetId", status FROM new_rows EXCEPT SELECT "assetId", status FROM old_rows)
      UNION ALL
      (SELECT "assetId", status FROM old_rows EXCEPT SELECT "assetId", status FROM new_rows)
    ) x));
  RETURN NULL;
END $$;

DROP TRIGGER "Placement_facets_update" ON "Placement";
CREATE TRIGGER "Placement_facets_update" AFTER UPDATE ON "Placement" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "asset_facets_placement_update"();
DROP TRIGGER "AssetTag_facets_update" ON "AssetTag";
CREATE TRIGGER "AssetTag_facets_update" AFTER UPDATE ON "AssetTag" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "asset_facets_tag_update"();
DROP TRIGGER "Rights_facets_update" ON "Rights";
CREATE TRIGGER "Rights_facets_update" AFTER UPDATE ON "Rights" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "asset_facets_rights_update"();
