// The query string of a suggestion request (REST and the library page): q, limit, tz — nothing else.
import { valid } from "../../errors";
import { SuggestInputSchema, type SuggestInput } from "./suggest.service";

const Params = SuggestInputSchema.extend({ q: SuggestInputSchema.shape.q.default("") }).strict();

/** A checked SuggestInput from the URL; an unknown parameter or a bad value is a validation error. */
export function suggestQuery(url: URL): SuggestInput {
  const raw: Record<string, string> = {};
  for (const [k, v] of url.searchParams) raw[k] = v;
  const p = valid(Params, raw);
  return { q: p.q, limit: p.limit, tz: p.tz };
}
