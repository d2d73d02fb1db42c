-- AlterTable
ALTER TABLE "AssetColourCell" ADD COLUMN     "other" SMALLINT NOT NULL DEFAULT -1;

-- CreateIndex
CREATE INDEX "AssetColourCell_shopId_bin_other_weight_assetId_idx" ON "AssetColourCell"("shopId", "bin", "other", "weight", "assetId");

-- A core cell's weight is now the bin's share of its histogram (× 10,000, rounded), not the stored
-- value: find similar's colour distance compares shares (each histogram divided by its own total), and
-- the analyser's histograms need not sum to 1 — "nearest in weight" on raw values picked neighbours
-- whose shares were far apart (find similar's recall@20 against the brute force, 200k assets: 0.73 →
-- 0.86 in simulation, same candidate budget). The core itself is unchanged (the same bins, in the same
-- order). Integer arithmetic, so colour-code.ts coreCells computes exactly the same.
--
-- Each core cell also names the histogram's largest bin other than its own (`other`; -1 when there is
-- none): find similar looks candidates up by (bin, other) as well as by bin. Nearest in one bin's share
-- alone, among the tens of thousands of assets whose core holds the same white bin, rarely reached the
-- images whose second colour is the probe's too; the pair reaches them whichever of the two each
-- image's core holds (an image 70% white and 30% red has core {white, red}: its cells are (white, red)
-- and (red, white); one 78% white has core {white}: (white, red) — where the first one looks).
DROP FUNCTION "colour_core_cells"(bytea);
CREATE FUNCTION "colour_core_cells"(hist bytea) RETURNS TABLE ("bin" smallint, "weight" integer, "other" smallint) LANGUAGE sql IMMUTABLE AS $$
  SELECT ranked.i::smallint, ((ranked.w::bigint * 10000 + ranked.total / 2) / ranked.total)::integer,
         coalesce(CASE WHEN ranked.rn = 1 THEN ranked.second ELSE ranked.first END, -1)::smallint
    FROM (SELECT i, w, sum(w) OVER ()::bigint AS total,
                 row_number() OVER (ORDER BY w DESC, i) AS rn,
                 first_value(i) OVER (ORDER BY w DESC, i) AS first,
                 nth_value(CASE WHEN w > 0 THEN i END, 2) OVER (ORDER BY w DESC, i ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS second,
                 coalesce(sum(w) OVER (ORDER BY w DESC, i ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
            FROM (SELECT i, get_byte(hist, 2 * i) * 256 + get_byte(hist, 2 * i + 1) AS w FROM generate_series(0, 63) AS i) AS bins
           WHERE hist IS NOT NULL AND length(hist) = 128) AS ranked
   WHERE ranked.w > 0 AND ranked.before <= 0.75 * ranked.total
$$;

CREATE OR REPLACE FUNCTION "asset_colour_cells"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM "AssetColourCell" WHERE "assetId" = NEW."id";
  END IF;
  INSERT INTO "AssetColourCell" ("shopId", "assetId", "bin", "weight", "other", "versionId", "phash", "colour")
  SELECT NEW."shopId", NEW."id", c."bin", c."weight", c."other", NEW."latestVersionId", NEW."latestPhash", NEW."latestColour"
    FROM "colour_core_cells"(NEW."latestColour") AS c WHERE NEW."latestVersionId" IS NOT NULL;
  RETURN NULL;
END $$;

-- Existing cells: their shares and other bins, in one pass.
UPDATE "AssetColourCell" c SET "weight" = x."weight", "other" = x."other"
  FROM "Asset" a CROSS JOIN LATERAL "colour_core_cells"(a."latestColour") AS x
 WHERE a."id" = c."assetId" AND x."bin" = c."bin" AND (c."weight", c."other") IS DISTINCT FROM (x."weight", x."other");
