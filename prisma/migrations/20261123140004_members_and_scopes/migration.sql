-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "markets" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "Member" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "shopifyUserId" TEXT,
    "demoHandle" TEXT,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "role" TEXT NOT NULL DEFAULT 'viewer',
    "markets" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "isOwner" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3),

    CONSTRAINT "Member_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Member_shopId_shopifyUserId_key" ON "Member"("shopId", "shopifyUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Member_shopId_demoHandle_key" ON "Member"("shopId", "demoHandle");

-- AddForeignKey
ALTER TABLE "Member" ADD CONSTRAINT "Member_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
