// GET /api/v1/assets/:id/tags — every tag of the asset with its source (user, metadata, auto), facet,
// analyser, confidence and state (accepted, suggested, rejected), what each analyser did with the latest
// version, and the text read in it.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { getTagPanel } from "~/.server/library/auto-tags.service";

const Params = z.object({ assetId: z.string().uuid("asset ids are UUIDs") });

export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, actor, services } = await requireApiKey(request);
  const { assetId } = Params.parse(params);
  return json(await getTagPanel({ prisma: services.db.prisma }, shop.id, actor, assetId));
});
