// /app/assets/:assetId/versions/:versionId/download — GET streams the original (an authenticated page
// request); POST answers a one-minute signed link, which the embedded admin follows (a navigation there
// carries no session token). The shop always comes from requireShop, never from the URL.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiError, json } from "~/.server/http/api-response";
import { blobResponse } from "~/.server/http/blob-response";
import { getVersionOfAsset } from "~/.server/library/assets.service";
import { signDownload } from "~/.server/library/download-links";
import { requireShop } from "~/.server/shops/require-shop";

const Params = z.object({ assetId: z.string().uuid(), versionId: z.string().uuid() });

async function resolve(request: Request, params: LoaderFunctionArgs["params"]) {
  const { shop, actor, services } = await requireShop(request);
  const { assetId, versionId } = Params.parse(params);
  const v = await getVersionOfAsset({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, assetId, versionId, "asset.download");
  return { shop, services, v, assetId };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  try {
    const { services, v } = await resolve(request, params);
    return await blobResponse(services.blobs, v.blob, { attachmentName: v.originalFilename });
  } catch (err) {
    return apiError(err);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  try {
    const { shop, services, v, assetId } = await resolve(request, params);
    const token = signDownload(services.config.shopify?.apiSecret ?? null, { shopId: shop.id, assetId, versionId: v.id });
    return json({ url: `/downloads/${token}` });
  } catch (err) {
    return apiError(err);
  }
}
