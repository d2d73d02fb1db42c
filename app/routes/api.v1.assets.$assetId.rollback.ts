// POST /api/v1/assets/:id/rollback { version: 3 } — pin every placement of the asset to its approved v3;
// { follow: "latest" } — let them follow the latest approved version again. Either way one batch
// publishes every listing concerned: { batchId, placements } (placements: how many were changed).
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { AppError } from "~/.server/errors";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { rollbackToNumber, setAssetVersion } from "~/.server/sync/placements.service";

const Params = z.object({ assetId: z.string().uuid("asset ids are UUIDs") });
const Body = z
  .object({ version: z.number().int().positive("version numbers start at 1").optional(), follow: z.literal("latest").optional() })
  .strict()
  .refine((b) => (b.version === undefined) !== (b.follow === undefined), { message: 'send either { "version": <number> } or { "follow": "latest" }' });

export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") throw new AppError("validation", `${request.method} is not allowed here; use POST.`);
  const { shop, actor, services } = await requireApiKey(request);
  const { assetId } = Params.parse(params);
  const body = Body.parse(await request.json().catch(() => { throw new AppError("validation", "The body must be JSON."); }));
  const deps = { prisma: services.db.prisma, queue: services.queue };
  const res = body.version !== undefined ? await rollbackToNumber(deps, shop.id, actor, assetId, body.version) : await setAssetVersion(deps, shop.id, actor, assetId, null);
  return json(res);
});
