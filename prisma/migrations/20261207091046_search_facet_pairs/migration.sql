-- CreateTable
CREATE TABLE "FacetPairCount" (
    "shopId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "marketSet" TEXT NOT NULL,
    "other" TEXT NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "FacetPairCount_pkey" PRIMARY KEY ("shopId","key","marketSet","other")
);

-- CreateTable
CREATE TABLE "FacetPairCountDelta" (
    "id" BIGSERIAL NOT NULL,
    "shopId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "marketSet" TEXT NOT NULL,
    "other" TEXT NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "FacetPairCountDelta_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FacetPairCountDelta_shopId_key_idx" ON "FacetPairCountDelta"("shopId", "key");

-- AddForeignKey
ALTER TABLE "FacetPairCount" ADD CONSTRAINT "FacetPairCount_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FacetPairCountDelta" ADD CONSTRAINT "FacetPairCountDelta_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The facets a search filters by one value through one key (the `key` side of a pair).
CREATE FUNCTION "facet_pair_key"(k text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT split_part(k, ':', 1) IN ('kind', 'state', 'market', 'channel', 'colour', 'background', 'orientation', 'slot', 'usage', 'rights', 'compliance')
$$;

-- The pairs of an asset's keys: (key, other) for a pair key and any other key of the asset.
CREATE FUNCTION "facet_pairs"(keys text[]) RETURNS TABLE (key text, other text) LANGUAGE sql IMMUTABLE AS $$
  SELECT a, b FROM unnest(keys) a CROSS JOIN unnest(keys) b WHERE a <> b AND "facet_pair_key"(a)
$$;

-- The Asset trigger of migration facet_counts, appending the pairs' differences too.
CREATE OR REPLACE FUNCTION "asset_facet_count_delta"() RETURNS trigger LANGUAGE plpgsql AS $$
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
  INSERT INTO "FacetPairCountDelta" ("shopId", "marketSet", "key", "other", "n")
  SELECT shop, x.s, x.key, x.other, sum(x.d)::int
    FROM (SELECT old_set AS s, p.key, p.other, -1 AS d FROM "facet_pairs"(old_keys) p WHERE old_set IS NOT NULL
          UNION ALL SELECT new_set, p.key, p.other, 1 FROM "facet_pairs"(new_keys) p WHERE new_set IS NOT NULL) x
   WHERE x.other <> 'total:all'
   GROUP BY x.s, x.key, x.other
  HAVING sum(x.d) <> 0;
  RETURN NULL;
END $$;
ALTER FUNCTION "asset_facet_count_delta"() SET plan_cache_mode = force_custom_plan;

-- Compaction folds the pairs' deltas too (one statement each: a delta is consumed once, whoever runs it).
CREATE OR REPLACE FUNCTION "facet_counts_compact"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  WITH d AS (DELETE FROM "FacetCountDelta" RETURNING "shopId", "marketSet", "key", "n"),
       s AS (SELECT "shopId", "marketSet", "key", sum("n")::int AS n FROM d GROUP BY 1, 2, 3)
  INSERT INTO "FacetCount" ("shopId", "marketSet", "key", "n")
  SELECT "shopId", "marketSet", "key", n FROM s WHERE n <> 0
  ON CONFLICT ("shopId", "marketSet", "key") DO UPDATE SET "n" = "FacetCount"."n" + EXCLUDED."n";
  WITH d AS (DELETE FROM "FacetPairCountDelta" RETURNING "shopId", "key", "marketSet", "other", "n"),
       s AS (SELECT "shopId", "key", "marketSet", "other", sum("n")::int AS n FROM d GROUP BY 1, 2, 3, 4)
  INSERT INTO "FacetPairCount" ("shopId", "key", "marketSet", "other", "n")
  SELECT "shopId", "key", "marketSet", "other", n FROM s WHERE n <> 0
  ON CONFLICT ("shopId", "key", "marketSet", "other") DO UPDATE SET "n" = "FacetPairCount"."n" + EXCLUDED."n";
END $$;

-- A shop's pairs from its assets at once (the backfill; the search benchmark's bulk load).
CREATE FUNCTION "facet_pairs_of_shop"(shop_id uuid) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "FacetPairCount" ("shopId", "key", "marketSet", "other", "n")
  SELECT a."shopId", p.key, "asset_market_set"(a.markets), p.other, count(*)::int
    FROM "Asset" a CROSS JOIN LATERAL "facet_pairs"(a."facetKeys") p
   WHERE a."shopId" = shop_id AND a."archivedAt" IS NULL
   GROUP BY 1, 2, 3, 4
$$;
SELECT "facet_pairs_of_shop"(id) FROM "Shop";
