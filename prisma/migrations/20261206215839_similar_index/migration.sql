-- AlterTable
ALTER TABLE "AssetVersion" ADD COLUMN     "phashB0" INTEGER,
ADD COLUMN     "phashB1" INTEGER,
ADD COLUMN     "phashB2" INTEGER,
ADD COLUMN     "phashB3" INTEGER;

-- CreateIndex
CREATE INDEX "AssetVersion_shopId_phashB0_idx" ON "AssetVersion"("shopId", "phashB0");

-- CreateIndex
CREATE INDEX "AssetVersion_shopId_phashB1_idx" ON "AssetVersion"("shopId", "phashB1");

-- CreateIndex
CREATE INDEX "AssetVersion_shopId_phashB2_idx" ON "AssetVersion"("shopId", "phashB2");

-- CreateIndex
CREATE INDEX "AssetVersion_shopId_phashB3_idx" ON "AssetVersion"("shopId", "phashB3");

-- Backfill: the bands of every stored pHash (16 hex chars), computed in SQL (same values as
-- library/similar/bands.ts: parseInt of each 4-hex-char slice). Runs the same on PGlite and PostgreSQL.
UPDATE "AssetVersion" SET
  "phashB0" = ('x' || substr("phash", 1, 4))::bit(16)::int,
  "phashB1" = ('x' || substr("phash", 5, 4))::bit(16)::int,
  "phashB2" = ('x' || substr("phash", 9, 4))::bit(16)::int,
  "phashB3" = ('x' || substr("phash", 13, 4))::bit(16)::int
WHERE "phash" ~ '^[0-9a-fA-F]{16}$';
