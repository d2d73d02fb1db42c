// GET /api/v1/search?q=&sort=relevance|newest|most_used&cursor=&limit=&tz= plus filters (a `filters`
// JSON object or one parameter per facet) → a keyset page of assets in the key's market scope, the exact
// total, facet counts and the chips the query was read into (each with the query without it).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { presentAsset } from "~/.server/library/present";
import { removeChip } from "~/.server/library/search";
import { parseSearchQuery } from "~/.server/library/search-query";
import { searchAssets } from "~/.server/library/search.service";

export const loader = apiHandler(async ({ request }: LoaderFunctionArgs) => {
  const { shop, actor, services } = await requireApiKey(request);
  const query = parseSearchQuery(new URL(request.url));
  const q = query.q ?? "";
  const r = await searchAssets({ prisma: services.db.prisma }, shop.id, actor, {
    q,
    filters: query.filters,
    sort: query.sort,
    cursor: query.cursor,
    limit: query.limit,
    utcOffsetMinutes: query.tz,
  });
  return json({
    items: r.items.map((i) => ({ ...presentAsset(shop.mediaKey, i.asset), score: i.score, uses: i.uses })),
    nextCursor: r.nextCursor,
    total: r.total,
    sort: r.sort,
    facets: r.facets,
    corrections: r.corrections,
    parsed: {
      text: r.parsed.text,
      terms: r.parsed.terms,
      chips: r.parsed.chips.map((c) => ({ key: c.key, label: c.label, source: c.source, query: removeChip(q, c) })),
    },
  });
});
