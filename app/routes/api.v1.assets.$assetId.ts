// GET /api/v1/assets/:id — the asset with its versions, metadata and thumbnail URLs; PATCH — edit fields.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { AppError } from "~/.server/errors";
import { editAsset, getAsset } from "~/.server/library/assets.service";
import { presentAsset } from "~/.server/library/present";
import { AssetEditBody } from "~/.server/library/asset-edit";

const Params = z.object({ assetId: z.string().uuid("asset ids are UUIDs") });

export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, actor, services } = await requireApiKey(request);
  const { assetId } = Params.parse(params);
  const { asset, versions } = await getAsset({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, assetId);
  return json(presentAsset(shop.mediaKey, asset, versions));
});

export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "PATCH") throw new AppError("validation", `${request.method} is not allowed here; use PATCH.`);
  const { shop, actor, services } = await requireApiKey(request);
  const { assetId } = Params.parse(params);
  const body = AssetEditBody.parse(await request.json().catch(() => { throw new AppError("validation", "The body must be JSON."); }));
  const deps = { prisma: services.db.prisma, queue: services.queue };
  await editAsset(deps, shop.id, actor, assetId, body);
  const { asset, versions } = await getAsset(deps, shop.id, actor, assetId);
  return json(presentAsset(shop.mediaKey, asset, versions));
});
