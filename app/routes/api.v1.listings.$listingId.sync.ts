// GET /api/v1/listings/:id/sync — one listing: the gallery the channel showed when last read, and what
// each placement wants there (desired vs applied rendition, state, last error).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { listingSyncView } from "~/.server/sync/sync-status.service";

const Params = z.object({ listingId: z.string().uuid("listing ids are UUIDs") });

export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, actor, services } = await requireApiKey(request);
  const { listingId } = Params.parse(params);
  return json(await listingSyncView(services.db.prisma, shop.id, actor, listingId));
});
