-- CreateIndex
CREATE INDEX "Asset_title_idx" ON "Asset" USING GIN ("title" gin_trgm_ops);
