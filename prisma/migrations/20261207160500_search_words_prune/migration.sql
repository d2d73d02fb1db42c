-- SearchWord holds only words some asset of the shop still has. A reindex that drops words from an asset
-- (a title edited, a tag rejected, new OCR text) removes those no other asset of the shop holds: each is
-- checked through searchVector's GIN index as an exact lexeme (quoted for tsquery input, no normalising).
-- The vocabulary then no longer grows with every word ever indexed, and a typo is not matched through
-- words that find nothing (nor pushed past MAX_TERM_WORDS by them). Assets are never deleted but with
-- their shop (the cascade removes its words). Under concurrent reindexes a word can outlive its last asset
-- or, rarely, go while a just-inserted asset has it; either way search stays right — a word matches
-- through searchVector, and a typo without index words is compared with the assets' text.
CREATE OR REPLACE FUNCTION "search_word_query"(word text) RETURNS tsquery LANGUAGE sql IMMUTABLE AS $$
  SELECT ('''' || replace(replace(word, '\', '\\'), '''', '''''') || '''')::tsquery
$$;

CREATE OR REPLACE FUNCTION "search_words_of_row"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "SearchWord" ("shopId", "word")
  SELECT NEW."shopId", w FROM unnest(tsvector_to_array(NEW."searchVector")) AS w WHERE w !~ '[㐀-䶿一-鿿]'
  ON CONFLICT DO NOTHING;
  IF OLD."searchVector" IS NOT NULL THEN
    DELETE FROM "SearchWord" s
     WHERE s."shopId" = OLD."shopId"
       AND s."word" IN (SELECT w FROM unnest(tsvector_to_array(OLD."searchVector")) AS w WHERE w !~ '[㐀-䶿一-鿿]'
                        EXCEPT SELECT unnest(tsvector_to_array(NEW."searchVector")))
       AND NOT EXISTS (SELECT 1 FROM "Asset" a WHERE a."shopId" = s."shopId" AND a."searchVector" @@ "search_word_query"(s."word"));
  END IF;
  RETURN NULL;
END $$;

-- Once: the words no asset holds any more.
DELETE FROM "SearchWord" s
 WHERE NOT EXISTS (SELECT 1 FROM "Asset" a WHERE a."shopId" = s."shopId" AND a."searchVector" @@ "search_word_query"(s."word"));
