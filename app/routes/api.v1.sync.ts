// GET /api/v1/sync — recent batches with their progress, placement counts by state, and the placements
// that need the merchant (failed, blocked, drifted) with the channel's message. POST { listingId?,
// assetId?, failedOnly? } — sync now (or retry the failed ones): 202 { listings, batchId }.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { AppError } from "~/.server/errors";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { syncNow } from "~/.server/sync/placements.service";
import { syncStatus } from "~/.server/sync/sync-status.service";

export const loader = apiHandler(async ({ request }: LoaderFunctionArgs) => {
  const { shop, actor, services } = await requireApiKey(request);
  return json(await syncStatus(services.db.prisma, shop.id, actor));
});

const Body = z
  .object({
    listingId: z.string().uuid("listing ids are UUIDs").optional(),
    assetId: z.string().uuid("asset ids are UUIDs").optional(),
    failedOnly: z.boolean().optional(),
  })
  .strict();

export const action = apiHandler(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") throw new AppError("validation", `${request.method} is not allowed here; use POST.`);
  const { shop, actor, services } = await requireApiKey(request);
  const body = Body.parse(await request.json().catch(() => { throw new AppError("validation", "The body must be JSON."); }));
  return json(await syncNow({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, body), 202);
});
