// GET /api/v1/search/suggest?q=&limit=&tz= — what the search field suggests for the text typed so far
// (issue #7): filters the query would be read into, tags starting with the last word (with asset counts)
// and asset titles containing it, in the key's market scope. q ≤ 200 characters, limit 1..20 (default 8).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { presentSuggestion } from "~/.server/library/suggest/present";
import { suggestQuery } from "~/.server/library/suggest/suggest-query";
import { suggestSearch } from "~/.server/library/suggest/suggest.service";

export const loader = apiHandler(async ({ request }: LoaderFunctionArgs) => {
  const { shop, actor, services } = await requireApiKey(request);
  const r = await suggestSearch({ prisma: services.db.prisma }, shop.id, actor, suggestQuery(new URL(request.url)));
  return json({ items: r.items.map((s) => presentSuggestion(shop.mediaKey, s)) });
});
