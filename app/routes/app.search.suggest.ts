// The library search field's suggestions (issue #7): fetched while typing (debounced), in the member's
// market scope; with an empty q, the member's recent searches. GET ?q=&tz=; a bad query answers 400 with
// { code, message }. POST forgets the member's recent searches: all of them, or the one in `query`.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { forgetRecentSearches } from "~/.server/library/suggest/recent-searches.service";
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

/** Without `query`, every recent search of the member is forgotten (its length is checked by the service). */
const forgetForm = z.object({ query: z.string({ error: "query is text." }).optional() });

export async function action({ request }: ActionFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  try {
    if (request.method !== "POST") return json({ code: "method_not_allowed", message: "POST forgets recent searches." }, 405);
    const { query } = forgetForm.parse(Object.fromEntries(await request.formData()));
    const forgotten = await forgetRecentSearches({ prisma: services.db.prisma }, shop.id, actor, query === undefined ? {} : { query });
    return json({ forgotten });
  } catch (err) {
    const { status, body } = errorBody(err);
    if (status >= 500) throw err;
    return json(body, status);
  }
}
