-- AlterTable
ALTER TABLE "Listing" ADD COLUMN     "gallery" JSONB,
ADD COLUMN     "galleryReadAt" TIMESTAMP(3),
ADD COLUMN     "syncError" TEXT,
ADD COLUMN     "syncState" TEXT NOT NULL DEFAULT 'idle',
ADD COLUMN     "syncedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Placement" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "assetId" UUID NOT NULL,
    "listingId" UUID NOT NULL,
    "slot" TEXT NOT NULL,
    "presetId" TEXT NOT NULL,
    "pinnedVersionId" UUID,
    "displacedRef" TEXT,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "desiredAssetId" UUID,
    "desiredVersionId" UUID,
    "desiredSourceKey" TEXT,
    "appliedAssetId" UUID,
    "appliedVersionId" UUID,
    "appliedSourceKey" TEXT,
    "externalRef" TEXT,
    "fingerprint" TEXT,
    "observedRef" TEXT,
    "observedUrl" TEXT,
    "lastError" TEXT,
    "lastErrorCode" TEXT,
    "batchId" UUID,
    "lastSyncedAt" TIMESTAMP(3),
    "liveAt" TIMESTAMP(3),
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Placement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncBatch" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "assetId" UUID,
    "versionId" UUID,
    "total" INTEGER NOT NULL DEFAULT 0,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "SyncBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChannelMedia" (
    "shopId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "externalRef" TEXT NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChannelMedia_pkey" PRIMARY KEY ("accountId","externalRef")
);

-- CreateTable
CREATE TABLE "Activity" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "link" TEXT,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT,
    "delivery" TEXT,
    "deliveryError" TEXT,
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Activity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncSettings" (
    "shopId" UUID NOT NULL,
    "defaultFallbackAssetId" UUID,
    "webhookUrl" TEXT,
    "emailTo" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "notifyKinds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncSettings_pkey" PRIMARY KEY ("shopId")
);

-- CreateIndex
CREATE INDEX "Placement_shopId_assetId_idx" ON "Placement"("shopId", "assetId");

-- CreateIndex
CREATE INDEX "Placement_shopId_state_idx" ON "Placement"("shopId", "state");

-- CreateIndex
CREATE INDEX "Placement_batchId_state_idx" ON "Placement"("batchId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "Placement_listingId_slot_key" ON "Placement"("listingId", "slot");

-- CreateIndex
CREATE INDEX "SyncBatch_shopId_createdAt_idx" ON "SyncBatch"("shopId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "SyncBatch_shopId_finishedAt_idx" ON "SyncBatch"("shopId", "finishedAt");

-- CreateIndex
CREATE INDEX "ChannelMedia_shopId_idx" ON "ChannelMedia"("shopId");

-- CreateIndex
CREATE INDEX "Activity_shopId_createdAt_idx" ON "Activity"("shopId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Listing_shopId_syncState_idx" ON "Listing"("shopId", "syncState");

-- AddForeignKey
ALTER TABLE "Placement" ADD CONSTRAINT "Placement_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Placement" ADD CONSTRAINT "Placement_assetId_fkey" FOREIGN KEY ("assetId") REFERENCES "Asset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Placement" ADD CONSTRAINT "Placement_listingId_fkey" FOREIGN KEY ("listingId") REFERENCES "Listing"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Placement" ADD CONSTRAINT "Placement_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "SyncBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncBatch" ADD CONSTRAINT "SyncBatch_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelMedia" ADD CONSTRAINT "ChannelMedia_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncSettings" ADD CONSTRAINT "SyncSettings_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
