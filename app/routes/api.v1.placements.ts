// GET /api/v1/placements?assetId=&listingId=&state=&channel=&batchId=&cursor=&limit= — placements, newest
// first. POST { assetId, listingIds, slot, pinnedVersionId? } — place the asset in that slot of every
// listing (replacing what held it) and queue their publishes; 201 { batchId, placements }.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { AppError } from "~/.server/errors";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { presentPlacement } from "~/.server/sync/placements.present";
import { listPlacements, placeAsset } from "~/.server/sync/placements.service";

const PLACEMENT_STATES = ["pending", "syncing", "submitted", "live", "failed", "drifted", "withdrawn", "blocked"] as const;

const Query = z
  .object({
    assetId: z.string().uuid("asset ids are UUIDs").optional(),
    listingId: z.string().uuid("listing ids are UUIDs").optional(),
    state: z.enum(PLACEMENT_STATES).optional(),
    channel: z.enum(["shopify", "amazon", "tiktok"]).optional(),
    batchId: z.string().uuid("batch ids are UUIDs").optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();

export const loader = apiHandler(async ({ request }: LoaderFunctionArgs) => {
  const { shop, actor, services } = await requireApiKey(request);
  const { cursor, limit, ...filter } = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = await listPlacements({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, filter, { cursor, limit });
  return json({ items: page.items.map(presentPlacement), nextCursor: page.nextCursor });
});

const Body = z
  .object({
    assetId: z.string().uuid("asset ids are UUIDs"),
    listingIds: z.array(z.string().uuid("listing ids are UUIDs")).min(1, "name at least one listing").max(5000, "at most 5,000 listings at once"),
    // The same rule as isSlotId, so a bad slot is a 400 that names the field.
    slot: z.string().regex(/^(main|pos([2-9]|[1-9][0-9]+))$/, "a slot is main, pos2, pos3 …"),
    pinnedVersionId: z.string().uuid("version ids are UUIDs").nullable().optional(),
  })
  .strict();

export const action = apiHandler(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") throw new AppError("validation", `${request.method} is not allowed here; use POST.`);
  const { shop, actor, services } = await requireApiKey(request);
  const body = Body.parse(await request.json().catch(() => { throw new AppError("validation", "The body must be JSON."); }));
  const made = await placeAsset({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, body);
  // The rows were inserted before the batch was opened over them, so they still read batchId null.
  return json({ batchId: made.batchId, placements: made.placements.map((p) => presentPlacement({ ...p, batchId: made.batchId })) }, 201);
});
