-- AlterTable
ALTER TABLE "AssetVersion" ADD COLUMN     "folderPath" TEXT;

-- AlterTable
ALTER TABLE "Listing" ADD COLUMN     "catalogueAt" TIMESTAMP(3),
ADD COLUMN     "collections" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "productTags" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "vendor" TEXT;
