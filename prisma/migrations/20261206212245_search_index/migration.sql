-- Search (issue #7). pg_trgm ships with PostgreSQL's contrib (Debian's postgresql has it) and PGlite
-- loads it from @electric-sql/pglite/contrib/pg_trgm (db/database.ts). Hand-added: Prisma does not
-- manage extensions here.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- AlterTable
ALTER TABLE "Asset" ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "searchVector" tsvector;

-- CreateIndex
CREATE INDEX "Asset_searchVector_idx" ON "Asset" USING GIN ("searchVector");

-- CreateIndex
CREATE INDEX "Asset_searchText_idx" ON "Asset" USING GIN ("searchText" gin_trgm_ops);

-- Existing assets keep searchVector NULL until the indexer fills them (the worker's start-up backfill or
-- `npx tsx scripts/reindex.ts`): the segmentation (jieba) runs in Node, not in SQL.
