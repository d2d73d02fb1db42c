-- CreateTable
CREATE TABLE "AssetColourCell" (
    "shopId" UUID NOT NULL,
    "assetId" UUID NOT NULL,
    "bin" SMALLINT NOT NULL,
    "weight" INTEGER NOT NULL,
    "versionId" UUID NOT NULL,
    "phash" TEXT,
    "colour" BYTEA NOT NULL,

    CONSTRAINT "AssetColourCell_pkey" PRIMARY KEY ("assetId","bin")
);

-- CreateIndex
CREATE INDEX "AssetColourCell_shopId_bin_weight_assetId_idx" ON "AssetColourCell"("shopId", "bin", "weight", "assetId");

-- AddForeignKey
ALTER TABLE "AssetColourCell" ADD CONSTRAINT "AssetColourCell_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssetColourCell" ADD CONSTRAINT "AssetColourCell_assetId_fkey" FOREIGN KEY ("assetId") REFERENCES "Asset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- An asset's core colour bins with their weights (colour-code.ts coreCells says the same): its latest
-- histogram's largest bins, largest first (ties by bin), while the bins before hold at most 75% of the
-- whole — so the core holds more than 75% and each histogram less than 25% outside it. Two histograms
-- whose intersection is ≥ 0.5 (find similar's colour distance ≤ 0.5) therefore share a core bin: were
-- the cores apart, the intersection would be at most the mass each holds outside its own core, < 0.25 + 0.25.
CREATE FUNCTION "colour_core_cells"(hist bytea) RETURNS TABLE ("bin" smallint, "weight" integer) LANGUAGE sql IMMUTABLE AS $$
  SELECT ranked.i::smallint, ranked.w::integer
    FROM (SELECT i, w, sum(w) OVER () AS total,
                 coalesce(sum(w) OVER (ORDER BY w DESC, i ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
            FROM (SELECT i, get_byte(hist, 2 * i) * 256 + get_byte(hist, 2 * i + 1) AS w FROM generate_series(0, 63) AS i) AS bins
           WHERE hist IS NOT NULL AND length(hist) = 128) AS ranked
   WHERE ranked.w > 0 AND ranked.before <= 0.75 * ranked.total
$$;

-- Written when the asset's latest version, pHash or colour (set by the Asset_similar BEFORE trigger)
-- changes. No column list on UPDATE: a column a BEFORE trigger changed would not fire it.
CREATE FUNCTION "asset_colour_cells"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM "AssetColourCell" WHERE "assetId" = NEW."id";
  END IF;
  INSERT INTO "AssetColourCell" ("shopId", "assetId", "bin", "weight", "versionId", "phash", "colour")
  SELECT NEW."shopId", NEW."id", c."bin", c."weight", NEW."latestVersionId", NEW."latestPhash", NEW."latestColour"
    FROM "colour_core_cells"(NEW."latestColour") AS c WHERE NEW."latestVersionId" IS NOT NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER "Asset_colour_cells_insert" AFTER INSERT ON "Asset"
  FOR EACH ROW WHEN (NEW."latestColour" IS NOT NULL) EXECUTE FUNCTION "asset_colour_cells"();
CREATE TRIGGER "Asset_colour_cells_update" AFTER UPDATE ON "Asset"
  FOR EACH ROW WHEN ((NEW."latestColour", NEW."latestPhash", NEW."latestVersionId") IS DISTINCT FROM (OLD."latestColour", OLD."latestPhash", OLD."latestVersionId"))
  EXECUTE FUNCTION "asset_colour_cells"();

-- Existing assets.
INSERT INTO "AssetColourCell" ("shopId", "assetId", "bin", "weight", "versionId", "phash", "colour")
SELECT a."shopId", a."id", c."bin", c."weight", a."latestVersionId", a."latestPhash", a."latestColour"
  FROM "Asset" a CROSS JOIN LATERAL "colour_core_cells"(a."latestColour") AS c
 WHERE a."latestColour" IS NOT NULL AND a."latestVersionId" IS NOT NULL;
