// GET /api/v1/assets/:id/similar?limit= — near-duplicates (pHash) then images of similar colours among
// the latest versions of the key's market scope: { items: [{ asset, versionId, distance, colourDistance,
// score, reason }] } (asset as the library lists it).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { valid } from "~/.server/errors";
import { presentSimilar } from "~/.server/library/similar/present";
import { findSimilar } from "~/.server/library/similar/similar.service";

const Params = z.object({ assetId: z.string().uuid("asset ids are UUIDs") });
const Query = z.object({ limit: z.coerce.number({ message: "limit is a number" }).int("limit is a whole number").min(1, "limit is at least 1").max(100, "limit is at most 100").default(20) });

export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, actor, services } = await requireApiKey(request);
  const { assetId } = valid(Params, params);
  const url = new URL(request.url);
  const { limit } = valid(Query, { limit: url.searchParams.get("limit") ?? undefined });
  const r = await findSimilar({ prisma: services.db.prisma, maxPixels: services.config.limits.maxPixels }, shop.id, actor, { assetId }, limit);
  return json({ items: r.items.map((i) => presentSimilar(shop.mediaKey, i)) });
});
