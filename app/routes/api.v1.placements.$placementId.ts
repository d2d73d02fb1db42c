// GET /api/v1/placements/:id — one placement. DELETE — take the asset off that listing (204; the next
// publish removes our image). POST { action: "restore" | "adopt" | "keep" | "sync" } — a drifted placement
// puts our image back (restore), keeps the channel's and stops managing the slot (adopt), or does that and
// adds the channel's image to the asset as a new draft version (keep: 201 with the version); sync
// publishes its listing again (also the retry of a failed one).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { AppError } from "~/.server/errors";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { ingestDepsOf } from "~/.server/library/ingest.service";
import { adoptAsVersion } from "~/.server/sync/adopt.service";
import { presentPlacement } from "~/.server/sync/placements.present";
import { getPlacement, removePlacement, resolveDrift, syncNow } from "~/.server/sync/placements.service";

const Params = z.object({ placementId: z.string().uuid("placement ids are UUIDs") });
const Body = z.object({ action: z.enum(["restore", "adopt", "keep", "sync"]) }).strict();

export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, actor, services } = await requireApiKey(request);
  const { placementId } = Params.parse(params);
  return json(presentPlacement(await getPlacement({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, placementId)));
});

export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST" && request.method !== "DELETE") throw new AppError("validation", `${request.method} is not allowed here; use POST or DELETE.`);
  const { shop, actor, services } = await requireApiKey(request);
  const { placementId } = Params.parse(params);
  const deps = { prisma: services.db.prisma, queue: services.queue };
  if (request.method === "DELETE") {
    await removePlacement(deps, shop.id, actor, placementId);
    return new Response(null, { status: 204 });
  }
  const body = Body.parse(await request.json().catch(() => { throw new AppError("validation", "The body must be JSON."); }));
  if (body.action === "sync") {
    // A publish is per listing, so "sync this placement" is "sync its listing"; getPlacement 404s ids
    // that are not the caller's before anything is queued.
    const p = await getPlacement(deps, shop.id, actor, placementId);
    return json(await syncNow(deps, shop.id, actor, { listingId: p.listingId }), 202);
  }
  if (body.action === "keep") {
    const kept = await adoptAsVersion(ingestDepsOf(services), shop.id, actor, placementId);
    return json({ id: placementId, adopted: true, version: { id: kept.versionId, number: kept.versionNumber } }, 201);
  }
  await resolveDrift(deps, shop.id, actor, placementId, body.action);
  // Adopt removes the placement (the slot is the channel's again); restore leaves it pending its publish.
  if (body.action === "adopt") return json({ id: placementId, adopted: true });
  return json(presentPlacement(await getPlacement(deps, shop.id, actor, placementId)));
});
