// GET /downloads/<signed token> — a one-minute signed link (see download-links.ts) to a version's
// original or rendition, or to a zip of a selection. No session needed: the signature names the shop
// and the member, and the member's current role, markets and the asset's rights are checked again here.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getServices } from "~/.server/context";
import { AppError } from "~/.server/errors";
import { actorForMember } from "~/.server/governance/members.service";
import { apiError } from "~/.server/http/api-response";
import { blobResponse } from "~/.server/http/blob-response";
import { zipName, zipResponse } from "~/.server/http/zip-response";
import { verifyDownload } from "~/.server/library/download-links";
import { versionDownload, zipOfAssets } from "~/.server/library/downloads.service";

export async function loader({ params }: LoaderFunctionArgs) {
  try {
    const services = await getServices();
    const claims = verifyDownload(services.config.shopify?.apiSecret ?? null, params.token ?? "");
    if (!claims) throw new AppError("not_found", "This download link is not valid or has expired; start the download again.");
    const actor = await actorForMember(services.db.prisma, claims.shopId, claims.memberId);
    let res: Response;
    if (claims.kind === "version") {
      const d = await versionDownload({ prisma: services.db.prisma, queue: services.queue }, claims.shopId, actor, claims.assetId, claims.versionId, claims.rendition);
      res = await blobResponse(services.blobs, d.blob, { attachmentName: d.filename });
    } else {
      const zip = await zipOfAssets(services, claims.shopId, actor, claims.assetIds, { rendition: claims.rendition });
      res = zipResponse(zip.stream, zipName(claims.rendition ? `assetline-${claims.rendition}` : "assetline"));
    }
    res.headers.set("Referrer-Policy", "no-referrer");
    return res;
  } catch (err) {
    return apiError(err);
  }
}
