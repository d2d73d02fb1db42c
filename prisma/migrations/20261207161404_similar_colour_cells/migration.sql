-- CreateTable
CREATE TABLE "AssetColourCell" (
    "shopId" UUID NOT NULL,
    "assetId" UUID NOT NULL,
    "bin" SMALLINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AssetColourCell_pkey" PRIMARY KEY ("assetId","bin")
);

-- CreateIndex
CREATE INDEX "AssetColourCell_shopId_bin_createdAt_assetId_idx" ON "AssetColourCell"("shopId", "bin", "createdAt" DESC, "assetId" DESC);

-- AddForeignKey
ALTER TABLE "AssetColourCell" ADD CONSTRAINT "AssetColourCell_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssetColourCell" ADD CONSTRAINT "AssetColourCell_assetId_fkey" FOREIGN KEY ("assetId") REFERENCES "Asset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- An asset's core colour bins (colour-code.ts coreBins says the same): its latest histogram's largest bins,
-- largest first (ties by bin), while the bins before hold at most 75% of the whole — so the core holds more
-- than 75% and each histogram less than 25% outside it. Two histograms whose intersection is ≥ 0.5 (find
-- similar's colour distance ≤ 0.5) therefore share a core bin: were the cores apart, the intersection
-- would be at most the mass each holds outside its own core, < 0.25 + 0.25.
CREATE FUNCTION "colour_core_bins"(hist bytea) RETURNS smallint[] LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN hist IS NULL OR length(hist) <> 128 THEN ARRAY[]::smallint[] ELSE (
    SELECT coalesce(array_agg(i::smallint ORDER BY i), ARRAY[]::smallint[])
      FROM (SELECT i, w, sum(w) OVER () AS total,
                   coalesce(sum(w) OVER (ORDER BY w DESC, i ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
              FROM (SELECT i, get_byte(hist, 2 * i) * 256 + get_byte(hist, 2 * i + 1) AS w FROM generate_series(0, 63) AS i) AS bins) AS ranked
     WHERE w > 0 AND before <= 0.75 * total) END
$$;

-- Written when the asset's colour (its latest version's, set by the Asset_similar BEFORE trigger) or its
-- creation time changes. No column list on UPDATE: a column a BEFORE trigger changed would not fire it.
CREATE FUNCTION "asset_colour_cells"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM "AssetColourCell" WHERE "assetId" = NEW."id";
  END IF;
  INSERT INTO "AssetColourCell" ("shopId", "assetId", "bin", "createdAt")
  SELECT NEW."shopId", NEW."id", b, NEW."createdAt" FROM unnest("colour_core_bins"(NEW."latestColour")) AS b;
  RETURN NULL;
END $$;
CREATE TRIGGER "Asset_colour_cells_insert" AFTER INSERT ON "Asset"
  FOR EACH ROW WHEN (NEW."latestColour" IS NOT NULL) EXECUTE FUNCTION "asset_colour_cells"();
CREATE TRIGGER "Asset_colour_cells_update" AFTER UPDATE ON "Asset"
  FOR EACH ROW WHEN (NEW."latestColour" IS DISTINCT FROM OLD."latestColour" OR NEW."createdAt" IS DISTINCT FROM OLD."createdAt")
  EXECUTE FUNCTION "asset_colour_cells"();

-- Existing assets.
INSERT INTO "AssetColourCell" ("shopId", "assetId", "bin", "createdAt")
SELECT a."shopId", a."id", b, a."createdAt" FROM "Asset" a CROSS JOIN LATERAL unnest("colour_core_bins"(a."latestColour")) AS b
 WHERE a."latestColour" IS NOT NULL;
