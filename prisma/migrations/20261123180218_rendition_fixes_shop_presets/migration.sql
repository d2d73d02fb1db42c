-- AlterTable
ALTER TABLE "Rendition" ADD COLUMN     "verdict" TEXT;

-- CreateTable
CREATE TABLE "RenditionFix" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "assetId" UUID NOT NULL,
    "presetId" TEXT NOT NULL,
    "recipe" JSONB NOT NULL,
    "createdByName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RenditionFix_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ShopPreset" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "presetId" TEXT NOT NULL,
    "basePresetId" TEXT,
    "label" TEXT,
    "eager" BOOLEAN,
    "overrides" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShopPreset_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RenditionFix_shopId_idx" ON "RenditionFix"("shopId");

-- CreateIndex
CREATE UNIQUE INDEX "RenditionFix_assetId_presetId_key" ON "RenditionFix"("assetId", "presetId");

-- CreateIndex
CREATE UNIQUE INDEX "ShopPreset_shopId_presetId_key" ON "ShopPreset"("shopId", "presetId");

-- CreateIndex
CREATE INDEX "Rendition_shopId_presetId_verdict_idx" ON "Rendition"("shopId", "presetId", "verdict");

-- AddForeignKey
ALTER TABLE "RenditionFix" ADD CONSTRAINT "RenditionFix_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RenditionFix" ADD CONSTRAINT "RenditionFix_assetId_fkey" FOREIGN KEY ("assetId") REFERENCES "Asset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShopPreset" ADD CONSTRAINT "ShopPreset_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
