-- CreateTable
CREATE TABLE "FacetCount" (
    "shopId" UUID NOT NULL,
    "marketSet" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "FacetCount_pkey" PRIMARY KEY ("shopId","marketSet","key")
);

-- CreateTable
CREATE TABLE "FacetCountDelta" (
    "id" BIGSERIAL NOT NULL,
    "shopId" UUID NOT NULL,
    "marketSet" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "FacetCountDelta_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FacetCountDelta_shopId_idx" ON "FacetCountDelta"("shopId");

-- AddForeignKey
ALTER TABLE "FacetCount" ADD CONSTRAINT "FacetCount_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FacetCountDelta" ADD CONSTRAINT "FacetCountDelta_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- An asset's contribution to FacetCount: +1 for each of its keys (and "total:all") under its market set
-- while it is not archived. Every change appends the difference as FacetCountDelta rows — append-only, so
-- concurrent writes never wait on a shared counter row. Skipped when the shop is gone (its deletion
-- cascades to the assets; the shop's counts go with it).
CREATE FUNCTION "asset_market_set"(markets text[]) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT array_to_string(ARRAY(SELECT DISTINCT m FROM unnest(markets) m ORDER BY m), ',')
$$;

CREATE FUNCTION "asset_facet_count_delta"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  shop uuid;
  old_set text;
  new_set text;
  old_keys text[] := ARRAY[]::text[];
  new_keys text[] := ARRAY[]::text[];
BEGIN
  IF TG_OP <> 'INSERT' AND OLD."archivedAt" IS NULL THEN
    old_keys := OLD."facetKeys" || ARRAY['total:all'];
    old_set := "asset_market_set"(OLD.markets);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW."archivedAt" IS NULL THEN
    new_keys := NEW."facetKeys" || ARRAY['total:all'];
    new_set := "asset_market_set"(NEW.markets);
  END IF;
  IF old_set IS NOT DISTINCT FROM new_set AND old_keys = new_keys THEN
    RETURN NULL;
  END IF;
  shop := CASE WHEN TG_OP = 'DELETE' THEN OLD."shopId" ELSE NEW."shopId" END;
  IF NOT EXISTS (SELECT 1 FROM "Shop" s WHERE s.id = shop) THEN
    RETURN NULL;
  END IF;
  INSERT INTO "FacetCountDelta" ("shopId", "marketSet", "key", "n")
  SELECT shop, x.s, x.k, sum(x.d)::int
    FROM (SELECT old_set AS s, k, -1 AS d FROM unnest(old_keys) k WHERE old_set IS NOT NULL
          UNION ALL SELECT new_set, k, 1 FROM unnest(new_keys) k WHERE new_set IS NOT NULL) x
   GROUP BY x.s, x.k
  HAVING sum(x.d) <> 0;
  RETURN NULL;
END $$;
ALTER FUNCTION "asset_facet_count_delta"() SET plan_cache_mode = force_custom_plan;

CREATE TRIGGER "Asset_facet_counts" AFTER INSERT OR UPDATE OR DELETE ON "Asset" FOR EACH ROW EXECUTE FUNCTION "asset_facet_count_delta"();

-- Folds the deltas into FacetCount (one statement: each delta is consumed once, whoever runs it). A key
-- that fell to 0 keeps its row (readers ask for n > 0).
CREATE FUNCTION "facet_counts_compact"() RETURNS void LANGUAGE sql AS $$
  WITH d AS (DELETE FROM "FacetCountDelta" RETURNING "shopId", "marketSet", "key", "n"),
       s AS (SELECT "shopId", "marketSet", "key", sum("n")::int AS n FROM d GROUP BY 1, 2, 3)
  INSERT INTO "FacetCount" ("shopId", "marketSet", "key", "n")
  SELECT "shopId", "marketSet", "key", n FROM s WHERE n <> 0
  ON CONFLICT ("shopId", "marketSet", "key") DO UPDATE SET "n" = "FacetCount"."n" + EXCLUDED."n"
$$;

-- Existing assets.
INSERT INTO "FacetCount" ("shopId", "marketSet", "key", "n")
SELECT a."shopId", "asset_market_set"(a.markets), k, count(*)::int
  FROM "Asset" a CROSS JOIN LATERAL unnest(a."facetKeys" || ARRAY['total:all']) k
 WHERE a."archivedAt" IS NULL
 GROUP BY 1, 2, 3;
