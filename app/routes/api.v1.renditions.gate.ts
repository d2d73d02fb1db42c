// GET /api/v1/renditions/gate?versionId=&presetId= — may this version be published with this preset?
// The same gate the sync engine asks (builds the rendition when missing): `allowed` is false when any
// finding blocks.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { gateFor } from "~/.server/renditions/compliance.service";
import { renditionDeps } from "~/.server/renditions/renditions.service";

const Query = z.object({ versionId: z.string().uuid(), presetId: z.string().regex(/^[a-z0-9.-]{1,48}$/, "not a preset id") });

export const loader = apiHandler(async ({ request }: LoaderFunctionArgs) => {
  const { shop, actor, services } = await requireApiKey(request);
  const q = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return json(await gateFor(renditionDeps(services), shop.id, shop.mediaKey, actor, q.versionId, q.presetId));
});
