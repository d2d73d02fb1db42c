// The library search field's suggestions (issue #7): fetched while typing (debounced, through a fetcher),
// in the member's market scope. GET ?q=&tz=; a bad query answers 400 with { code, message }.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { errorBody, json } from "~/.server/http/api-response";
import { presentSuggestion } from "~/.server/library/suggest/present";
import { suggestQuery } from "~/.server/library/suggest/suggest-query";
import { suggestSearch } from "~/.server/library/suggest/suggest.service";
import { requireShop } from "~/.server/shops/require-shop";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  try {
    const url = new URL(request.url);
    const r = await suggestSearch({ prisma: services.db.prisma }, shop.id, actor, suggestQuery(url));
    // The text answered, so the field can ignore an answer that arrives after the operator typed on.
    return json({ q: url.searchParams.get("q") ?? "", items: r.items.map((s) => presentSuggestion(shop.mediaKey, s)) });
  } catch (err) {
    const { status, body } = errorBody(err);
    if (status >= 500) throw err;
    return json(body, status);
  }
}
