// GET /downloads/<signed token> — a version's original through a one-minute signed link (see
// download-links.ts). No session needed: the signature names the shop, asset and version.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getServices } from "~/.server/context";
import { AppError } from "~/.server/errors";
import { apiError } from "~/.server/http/api-response";
import { blobResponse } from "~/.server/http/blob-response";
import { getVersionOfAsset } from "~/.server/library/assets.service";
import { verifyDownload } from "~/.server/library/download-links";
// The link was minted only after the requester's download rights were checked.
import { SYSTEM_ACTOR } from "~/.server/library/types";

export async function loader({ params }: LoaderFunctionArgs) {
  try {
    const services = await getServices();
    const claims = verifyDownload(services.config.shopify?.apiSecret ?? null, params.token ?? "");
    if (!claims) throw new AppError("not_found", "This download link is not valid or has expired; start the download again.");
    const v = await getVersionOfAsset({ prisma: services.db.prisma, queue: services.queue }, claims.shopId, SYSTEM_ACTOR, claims.assetId, claims.versionId, "asset.download");
    const res = await blobResponse(services.blobs, v.blob, { attachmentName: v.originalFilename });
    res.headers.set("Referrer-Policy", "no-referrer");
    return res;
  } catch (err) {
    return apiError(err);
  }
}
