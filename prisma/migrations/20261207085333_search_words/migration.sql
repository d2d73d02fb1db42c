-- CreateTable
CREATE TABLE "SearchWord" (
    "shopId" UUID NOT NULL,
    "word" TEXT NOT NULL,

    CONSTRAINT "SearchWord_pkey" PRIMARY KEY ("shopId","word")
);

-- CreateIndex
CREATE INDEX "SearchWord_word_idx" ON "SearchWord" USING GIN ("word" gin_trgm_ops);

-- AddForeignKey
ALTER TABLE "SearchWord" ADD CONSTRAINT "SearchWord_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- searchVector also holds every character and every two adjacent characters of Chinese text (CJK
-- unigrams and bigrams, as search engines index Chinese), without positions: a Chinese term that is no
-- word of the segmentation (季新 inside 春季新品, a single 季 the query's segmentation left) is found
-- through the index by its characters — a longer one by its bigrams, then checked as a substring of those
-- rows' text only. One definition for the app (writeSearchIndex) and the benchmark's bulk insert.
CREATE FUNCTION "search_han_grams"(search_text text) RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT array_to_tsvector(coalesce(array_agg(DISTINCT g), ARRAY[]::text[]))
    FROM regexp_matches(search_text, '[㐀-䶿一-鿿]+', 'g') AS r
    CROSS JOIN LATERAL generate_series(1, char_length(r[1])) AS i
    CROSS JOIN LATERAL (VALUES (substr(r[1], i, 1)), (CASE WHEN i < char_length(r[1]) THEN substr(r[1], i, 2) END)) AS x(g)
   WHERE g IS NOT NULL
$$;
CREATE FUNCTION "search_vector"(title_text text, rest_text text, search_text text) RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT setweight(to_tsvector('simple', title_text), 'A') || setweight(to_tsvector('simple', rest_text), 'B') || "search_han_grams"(search_text)
$$;

-- The words of every asset's searchVector but Chinese ones (found by their characters, above), added as they
-- appear: a statement trigger on INSERT (bulk imports insert many rows at once) and a row trigger when an
-- update changes searchVector (reindexing).
CREATE FUNCTION "search_words_of_new_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "SearchWord" ("shopId", "word")
  SELECT DISTINCT n."shopId", w FROM new_rows n CROSS JOIN LATERAL unnest(tsvector_to_array(n."searchVector")) AS w
   WHERE n."searchVector" IS NOT NULL AND w !~ '[㐀-䶿一-鿿]'
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER "Asset_search_words_insert" AFTER INSERT ON "Asset" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "search_words_of_new_rows"();

CREATE FUNCTION "search_words_of_row"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "SearchWord" ("shopId", "word")
  SELECT NEW."shopId", w FROM unnest(tsvector_to_array(NEW."searchVector")) AS w WHERE w !~ '[㐀-䶿一-鿿]'
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER "Asset_search_words_update" AFTER UPDATE OF "searchVector" ON "Asset"
  FOR EACH ROW WHEN (NEW."searchVector" IS NOT NULL AND NEW."searchVector" IS DISTINCT FROM OLD."searchVector")
  EXECUTE FUNCTION "search_words_of_row"();

-- Backfill: the characters and bigrams into searchVector (what search_vector now writes), then every word.
UPDATE "Asset" SET "searchVector" = "searchVector" || "search_han_grams"("searchText")
 WHERE "searchVector" IS NOT NULL AND "searchText" ~ '[㐀-䶿一-鿿]';
CREATE FUNCTION "search_words_of_shop"(shop_id uuid) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "SearchWord" ("shopId", "word")
  SELECT DISTINCT a."shopId", w FROM "Asset" a CROSS JOIN LATERAL unnest(tsvector_to_array(a."searchVector")) AS w
   WHERE a."shopId" = shop_id AND a."searchVector" IS NOT NULL AND w !~ '[㐀-䶿一-鿿]'
  ON CONFLICT DO NOTHING
$$;
SELECT "search_words_of_shop"(id) FROM "Shop";
