// /app/assets/:assetId/versions/:versionId/download[?rendition=preview] — GET streams the original or
// the named rendition (an authenticated page request); POST answers a one-minute signed link, which the
// embedded admin follows (a navigation there carries no session token). The shop always comes from
// requireShop, never from the URL.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiError, json } from "~/.server/http/api-response";
import { blobResponse } from "~/.server/http/blob-response";
import { getVersionOfAsset } from "~/.server/library/assets.service";
import { signDownload } from "~/.server/library/download-links";
import { RenditionId, versionDownload } from "~/.server/library/downloads.service";
import { requireShop } from "~/.server/shops/require-shop";

const Params = z.object({ assetId: z.string().uuid(), versionId: z.string().uuid() });
const Rendition = z.string().regex(RenditionId, "rendition must be a rendition id such as preview").nullable();
const renditionOf = (request: Request) => Rendition.parse(new URL(request.url).searchParams.get("rendition") || null);

export async function loader({ request, params }: LoaderFunctionArgs) {
  try {
    const { shop, actor, services } = await requireShop(request);
    const { assetId, versionId } = Params.parse(params);
    const d = await versionDownload({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, assetId, versionId, renditionOf(request));
    return await blobResponse(services.blobs, d.blob, { attachmentName: d.filename });
  } catch (err) {
    return apiError(err);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  try {
    const { shop, actor, services } = await requireShop(request);
    const { assetId, versionId } = Params.parse(params);
    // Check now, so the person gets the reason here rather than on a bare download page.
    await getVersionOfAsset({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, assetId, versionId, "asset.download");
    const token = signDownload(services.config.shopify?.apiSecret ?? null, { kind: "version", shopId: shop.id, memberId: actor.id, assetId, versionId, rendition: renditionOf(request) });
    return json({ url: `/downloads/${token}` });
  } catch (err) {
    return apiError(err);
  }
}
