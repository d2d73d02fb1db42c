-- A campaign filter reads pair counts too (an asset has one campaign, so the pairs of the campaigns a
-- filter names, matched in any case, sum exactly): the campaign keys become pair keys, and the pairs of
-- existing assets' campaigns are counted (none existed: the trigger skipped them until now).
CREATE OR REPLACE FUNCTION "facet_pair_key"(k text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT split_part(k, ':', 1) IN ('kind', 'state', 'market', 'channel', 'colour', 'background', 'orientation', 'slot', 'usage', 'rights', 'compliance', 'campaign')
$$;

INSERT INTO "FacetPairCount" ("shopId", "key", "marketSet", "other", "n")
SELECT a."shopId", p.key, "asset_market_set"(a.markets), p.other, count(*)::int
  FROM "Asset" a CROSS JOIN LATERAL "facet_pairs"(a."facetKeys") p
 WHERE a."archivedAt" IS NULL AND starts_with(p.key, 'campaign:')
 GROUP BY 1, 2, 3, 4;
