-- AlterTable
ALTER TABLE "Asset" ADD COLUMN     "mergedAt" TIMESTAMP(3),
ADD COLUMN     "mergedIntoId" UUID;

-- AlterTable
ALTER TABLE "AssetVersion" ADD COLUMN     "mergedFromAssetId" UUID,
ADD COLUMN     "mergedFromNumber" INTEGER;

-- CreateTable
CREATE TABLE "DuplicateDismissal" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "assetAId" UUID NOT NULL,
    "assetBId" UUID NOT NULL,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DuplicateDismissal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DuplicateDismissal_shopId_assetBId_idx" ON "DuplicateDismissal"("shopId", "assetBId");

-- CreateIndex
CREATE UNIQUE INDEX "DuplicateDismissal_shopId_assetAId_assetBId_key" ON "DuplicateDismissal"("shopId", "assetAId", "assetBId");

-- CreateIndex
CREATE INDEX "Asset_shopId_mergedIntoId_idx" ON "Asset"("shopId", "mergedIntoId");

-- AddForeignKey
ALTER TABLE "DuplicateDismissal" ADD CONSTRAINT "DuplicateDismissal_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DuplicateDismissal" ADD CONSTRAINT "DuplicateDismissal_assetAId_fkey" FOREIGN KEY ("assetAId") REFERENCES "Asset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DuplicateDismissal" ADD CONSTRAINT "DuplicateDismissal_assetBId_fkey" FOREIGN KEY ("assetBId") REFERENCES "Asset"("id") ON DELETE CASCADE ON UPDATE CASCADE;
