-- CreateTable
CREATE TABLE "Rights" (
    "assetId" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "licensor" TEXT,
    "licenceStart" TIMESTAMP(3),
    "licenceEnd" TIMESTAMP(3),
    "territories" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "channels" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "containsPeople" BOOLEAN NOT NULL DEFAULT false,
    "modelReleaseRef" TEXT,
    "fallbackAssetId" UUID,
    "status" TEXT NOT NULL DEFAULT 'ok',
    "statusChangedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiryNotifiedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Rights_pkey" PRIMARY KEY ("assetId")
);

-- CreateIndex
CREATE INDEX "Rights_shopId_status_idx" ON "Rights"("shopId", "status");

-- CreateIndex
CREATE INDEX "Rights_licenceEnd_idx" ON "Rights"("licenceEnd");

-- AddForeignKey
ALTER TABLE "Rights" ADD CONSTRAINT "Rights_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Rights" ADD CONSTRAINT "Rights_assetId_fkey" FOREIGN KEY ("assetId") REFERENCES "Asset"("id") ON DELETE CASCADE ON UPDATE CASCADE;
