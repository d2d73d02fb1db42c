// POST /api/v1/downloads — `{ "assetIds": [...], "rendition"?: "preview" }` → a zip of their originals
// (or of that rendition of each), streamed.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { AppError } from "~/.server/errors";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler } from "~/.server/http/api-response";
import { zipName, zipResponse } from "~/.server/http/zip-response";
import { RenditionId, zipOfAssets } from "~/.server/library/downloads.service";

const Body = z.object({ assetIds: z.array(z.string().uuid()).min(1).max(500), rendition: z.string().regex(RenditionId).optional() }).strict();

export const action = apiHandler(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") throw new AppError("validation", `${request.method} is not allowed here; use POST.`);
  const { shop, actor, services } = await requireApiKey(request);
  const body = Body.parse(await request.json().catch(() => { throw new AppError("validation", "The body must be JSON."); }));
  const zip = await zipOfAssets(services, shop.id, actor, body.assetIds, { rendition: body.rendition ?? null });
  return zipResponse(zip.stream, zipName(body.rendition ? `assetline-${body.rendition}` : "assetline"));
});
