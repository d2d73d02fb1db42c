-- AlterTable
ALTER TABLE "Asset" ADD COLUMN     "latestColour" BYTEA,
ADD COLUMN     "latestPhash" TEXT;

-- The colour analyser's histogram (64 numbers of 4 decimals, 0..1) as 64 big-endian uint16 of value × 10,000;
-- NULL unless it is exactly 64 numbers.
CREATE FUNCTION "colour_hist_bytes"(hist jsonb) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN count(*) = 64 AND bool_and(jsonb_typeof(x) = 'number') THEN
    decode(string_agg(lpad(to_hex(least(65535, greatest(0, round((x #>> '{}')::numeric * 10000)))::int), 4, '0'), '' ORDER BY i), 'hex') END
  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(hist) = 'array' THEN hist ELSE '[]'::jsonb END) WITH ORDINALITY AS e(x, i)
$$;

-- The asset's own row: whenever its latest version changes (or either column is written, which is how the
-- triggers below ask for a refresh), both are read from the latest version.
CREATE FUNCTION "asset_similar_own"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."latestPhash" := (SELECT v.phash FROM "AssetVersion" v WHERE v.id = NEW."latestVersionId");
  NEW."latestColour" := (SELECT "colour_hist_bytes"(va.result -> 'features' -> 'colour') FROM "VersionAnalysis" va
    WHERE va."versionId" = NEW."latestVersionId" AND va.analyser = 'colour' AND va.status = 'ok');
  RETURN NEW;
END $$;
CREATE TRIGGER "Asset_similar" BEFORE INSERT OR UPDATE OF "latestVersionId", "latestPhash", "latestColour"
  ON "Asset" FOR EACH ROW EXECUTE FUNCTION "asset_similar_own"();

CREATE FUNCTION "asset_refresh_similar"(version_ids uuid[]) RETURNS void LANGUAGE sql AS $$
  UPDATE "Asset" SET "latestPhash" = NULL WHERE "latestVersionId" = ANY(version_ids)
$$;

-- A version's pHash is set after ingest renders it (and again by a re-process).
CREATE FUNCTION "asset_similar_by_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "asset_refresh_similar"(ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.phash IS DISTINCT FROM o.phash));
  RETURN NULL;
END $$;
CREATE TRIGGER "AssetVersion_similar_update" AFTER UPDATE ON "AssetVersion" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "asset_similar_by_version"();

-- The colour analysis of a version: written, re-run, or removed.
CREATE FUNCTION "asset_similar_by_analysis"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "asset_refresh_similar"(ARRAY(SELECT "versionId" FROM new_rows WHERE analyser = 'colour'));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM "asset_refresh_similar"(ARRAY(
      SELECT n."versionId" FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE (n.analyser = 'colour' OR o.analyser = 'colour') AND (n.status, n.result, n."versionId", n.analyser) IS DISTINCT FROM (o.status, o.result, o."versionId", o.analyser)
      UNION SELECT o."versionId" FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.analyser = 'colour' AND n."versionId" <> o."versionId"));
  ELSE
    PERFORM "asset_refresh_similar"(ARRAY(SELECT "versionId" FROM old_rows WHERE analyser = 'colour'));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "VersionAnalysis_similar_insert" AFTER INSERT ON "VersionAnalysis" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "asset_similar_by_analysis"();
CREATE TRIGGER "VersionAnalysis_similar_update" AFTER UPDATE ON "VersionAnalysis" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "asset_similar_by_analysis"();
CREATE TRIGGER "VersionAnalysis_similar_delete" AFTER DELETE ON "VersionAnalysis" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "asset_similar_by_analysis"();

-- Existing assets (the trigger computes both).
UPDATE "Asset" SET "latestPhash" = NULL WHERE "latestVersionId" IS NOT NULL;
