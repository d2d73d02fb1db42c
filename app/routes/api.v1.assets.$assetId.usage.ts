// GET /api/v1/assets/:id/usage — the usage map: every listing, channel, marketplace and slot where the
// asset is placed, with the version each shows and its sync state.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { usageMap } from "~/.server/sync/placements.service";

const Params = z.object({ assetId: z.string().uuid("asset ids are UUIDs") });

export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, actor, services } = await requireApiKey(request);
  const { assetId } = Params.parse(params);
  return json({ items: await usageMap({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, assetId) });
});
