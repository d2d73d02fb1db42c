// GET /api/v1/duplicates?cursor=&limit= — groups of near-duplicate images among the latest versions of the
// key's market scope (not archived): { groups: [{ key, suggestedSurvivorId, assets, pairs }], totalGroups,
// nextCursor, truncated }. Largest groups first; a "not duplicates" pair is never in one group.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { valid } from "~/.server/errors";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { listDuplicateGroups } from "~/.server/library/duplicates/duplicates.service";
import { presentGroups } from "~/.server/library/duplicates/present";

const Query = z
  .object({
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number({ message: "limit is a number" }).int("limit is a whole number").min(1, "limit is at least 1").max(50, "limit is at most 50").optional(),
  })
  .strict();

export const loader = apiHandler(async ({ request }: LoaderFunctionArgs) => {
  const { shop, actor, services } = await requireApiKey(request);
  const q = valid(Query, Object.fromEntries(new URL(request.url).searchParams));
  const r = await listDuplicateGroups({ prisma: services.db.prisma }, shop.id, actor, q);
  return json(presentGroups(shop.mediaKey, r));
});
