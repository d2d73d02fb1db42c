// /s/<token>/download/<assetId> — the original, only when the link allows downloads and the asset's
// rights still cover it; every download is logged.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { AppError } from "~/.server/errors";
import { apiError } from "~/.server/http/api-response";
import { blobResponse } from "~/.server/http/blob-response";
import { shareFromRequest } from "~/.server/http/share-request";
import { assetsOfShare, logShareAccess, versionShown } from "~/.server/governance/shares.service";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  try {
    const { services, visitor, share } = await shareFromRequest(request, params.token ?? "", context);
    if (share.previewOnly) throw new AppError("forbidden", "This link shows previews only; ask the shop for a download link.");
    const asset = (await assetsOfShare(services.db.prisma, share)).find((a) => a.id === params.assetId);
    const v = asset && versionShown(asset);
    if (!asset || !v) throw new AppError("not_found", "That asset is not part of this link.");
    await logShareAccess(services.db.prisma, share, visitor, "download", asset.id);
    const res = await blobResponse(services.blobs, v.blob, { attachmentName: v.originalFilename });
    res.headers.set("Referrer-Policy", "no-referrer");
    return res;
  } catch (err) {
    return apiError(err);
  }
}
