-- CreateTable
CREATE TABLE "VersionPair" (
    "shopId" UUID NOT NULL,
    "versionAId" UUID NOT NULL,
    "versionBId" UUID NOT NULL,
    "distance" INTEGER,
    "sameBytes" BOOLEAN NOT NULL,

    CONSTRAINT "VersionPair_pkey" PRIMARY KEY ("versionAId","versionBId")
);

-- CreateIndex
CREATE INDEX "VersionPair_versionBId_idx" ON "VersionPair"("versionBId");

-- CreateIndex
CREATE INDEX "VersionPair_shopId_idx" ON "VersionPair"("shopId");

-- AddForeignKey
ALTER TABLE "VersionPair" ADD CONSTRAINT "VersionPair_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VersionPair" ADD CONSTRAINT "VersionPair_versionAId_fkey" FOREIGN KEY ("versionAId") REFERENCES "AssetVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VersionPair" ADD CONSTRAINT "VersionPair_versionBId_fkey" FOREIGN KEY ("versionBId") REFERENCES "AssetVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- pHash bits as a bit string (NULL without a pHash).
CREATE FUNCTION "phash_bits"(phash text) RETURNS bit(64) LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN phash ~ '^[0-9a-f]{16}$' THEN ('x' || phash)::bit(64) END
$$;

-- The pairs of the given versions with other versions of their shop: the same bytes, or a shared 16-bit
-- pHash band (one index each, with the blob's) and at most 8 bits apart — the Duplicates page's widest
-- distance (grouping.ts MAX_PHASH_DISTANCE may not exceed it). Replaces what was stored for them.
-- Bounded per version, so that a thousand copies of one placeholder image store thousands of pairs, not
-- half a million: 8 other versions of the same bytes (a star through the first ones is enough to make
-- them one group) and, per band, the 16 nearest. Every version's cost is a few index lookups.
CREATE FUNCTION "version_pairs_refresh"(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(ids) = 0 THEN RETURN; END IF;
  DELETE FROM "VersionPair" WHERE "versionAId" = ANY(ids) OR "versionBId" = ANY(ids);
  INSERT INTO "VersionPair" ("shopId", "versionAId", "versionBId", "distance", "sameBytes")
  SELECT n."shopId", LEAST(n.id, c.id), GREATEST(n.id, c.id), c.distance, c.same
    FROM "AssetVersion" n
    CROSS JOIN LATERAL (
      (SELECT o.id, bit_count("phash_bits"(n.phash) # "phash_bits"(o.phash))::int AS distance, TRUE AS same
         FROM "AssetVersion" o WHERE o."shopId" = n."shopId" AND o."blobId" = n."blobId" AND o.id <> n.id LIMIT 8)
      UNION ALL
      (SELECT o.id, bit_count("phash_bits"(n.phash) # "phash_bits"(o.phash))::int, o."blobId" = n."blobId"
         FROM "AssetVersion" o WHERE o."shopId" = n."shopId" AND o."phashB0" = n."phashB0" AND o.id <> n.id
          AND bit_count("phash_bits"(n.phash) # "phash_bits"(o.phash)) <= 8 ORDER BY 2, 1 LIMIT 16)
      UNION ALL
      (SELECT o.id, bit_count("phash_bits"(n.phash) # "phash_bits"(o.phash))::int, o."blobId" = n."blobId"
         FROM "AssetVersion" o WHERE o."shopId" = n."shopId" AND o."phashB1" = n."phashB1" AND o.id <> n.id
          AND bit_count("phash_bits"(n.phash) # "phash_bits"(o.phash)) <= 8 ORDER BY 2, 1 LIMIT 16)
      UNION ALL
      (SELECT o.id, bit_count("phash_bits"(n.phash) # "phash_bits"(o.phash))::int, o."blobId" = n."blobId"
         FROM "AssetVersion" o WHERE o."shopId" = n."shopId" AND o."phashB2" = n."phashB2" AND o.id <> n.id
          AND bit_count("phash_bits"(n.phash) # "phash_bits"(o.phash)) <= 8 ORDER BY 2, 1 LIMIT 16)
      UNION ALL
      (SELECT o.id, bit_count("phash_bits"(n.phash) # "phash_bits"(o.phash))::int, o."blobId" = n."blobId"
         FROM "AssetVersion" o WHERE o."shopId" = n."shopId" AND o."phashB3" = n."phashB3" AND o.id <> n.id
          AND bit_count("phash_bits"(n.phash) # "phash_bits"(o.phash)) <= 8 ORDER BY 2, 1 LIMIT 16)
    ) c
   WHERE n.id = ANY(ids)
  ON CONFLICT DO NOTHING;
END $$;
-- A plan cached for a bulk insert's thousand ids must not serve one version, nor the other way round.
ALTER FUNCTION "version_pairs_refresh"(uuid[]) SET plan_cache_mode = force_custom_plan;

CREATE FUNCTION "version_pairs_on_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "version_pairs_refresh"(ARRAY(SELECT id FROM new_rows));
  RETURN NULL;
END $$;
CREATE FUNCTION "version_pairs_on_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "version_pairs_refresh"(ARRAY(
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE (n.phash, n."blobId", n."shopId") IS DISTINCT FROM (o.phash, o."blobId", o."shopId")));
  RETURN NULL;
END $$;
CREATE TRIGGER "AssetVersion_pairs_insert" AFTER INSERT ON "AssetVersion" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "version_pairs_on_insert"();
CREATE TRIGGER "AssetVersion_pairs_update" AFTER UPDATE ON "AssetVersion" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "version_pairs_on_update"();

-- Existing versions: the same function over all of them (a few index lookups each).
SELECT "version_pairs_refresh"(ARRAY(SELECT id FROM "AssetVersion"))::text;
