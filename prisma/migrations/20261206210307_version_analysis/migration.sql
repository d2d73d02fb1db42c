-- AlterTable
ALTER TABLE "AssetTag" ADD COLUMN     "analyser" TEXT,
ADD COLUMN     "decidedAt" TIMESTAMP(3),
ADD COLUMN     "decidedBy" TEXT,
ADD COLUMN     "facet" TEXT,
ADD COLUMN     "state" TEXT NOT NULL DEFAULT 'accepted';

-- AlterTable
ALTER TABLE "AssetVersion" ADD COLUMN     "ocrLanguage" TEXT,
ADD COLUMN     "ocrText" TEXT;

-- AlterTable
ALTER TABLE "Tag" ADD COLUMN     "labelZh" TEXT;

-- CreateTable
CREATE TABLE "VersionAnalysis" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "versionId" UUID NOT NULL,
    "analyser" TEXT NOT NULL,
    "analyserVersion" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "result" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "durationMs" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VersionAnalysis_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "VersionAnalysis_shopId_analyser_analyserVersion_idx" ON "VersionAnalysis"("shopId", "analyser", "analyserVersion");

-- CreateIndex
CREATE UNIQUE INDEX "VersionAnalysis_versionId_analyser_key" ON "VersionAnalysis"("versionId", "analyser");

-- AddForeignKey
ALTER TABLE "VersionAnalysis" ADD CONSTRAINT "VersionAnalysis_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VersionAnalysis" ADD CONSTRAINT "VersionAnalysis_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "AssetVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;
