// /s/<token>/preview/<assetId> — a shared asset's watermarked, downscaled preview. Never the original,
// never a /media URL (those would reveal unwatermarked renditions).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { AppError } from "~/.server/errors";
import { apiError } from "~/.server/http/api-response";
import { blobResponse } from "~/.server/http/blob-response";
import { shareFromRequest } from "~/.server/http/share-request";
import { assetsOfShare, logShareAccess, sharePreviewBlob } from "~/.server/governance/shares.service";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  try {
    const { services, visitor, share } = await shareFromRequest(request, params.token ?? "", context);
    const asset = (await assetsOfShare(services.db.prisma, share)).find((a) => a.id === params.assetId);
    if (!asset) throw new AppError("not_found", "That asset is not part of this link.");
    const blob = await sharePreviewBlob(services, share, asset);
    await logShareAccess(services.db.prisma, share, visitor, "preview", asset.id);
    const res = await blobResponse(services.blobs, blob, {});
    res.headers.set("Cache-Control", "private, max-age=300");
    res.headers.set("Referrer-Policy", "no-referrer");
    return res;
  } catch (err) {
    return apiError(err);
  }
}
