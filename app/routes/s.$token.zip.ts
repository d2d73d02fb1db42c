// /s/<token>/zip — every shared original in one streamed zip, when the link allows downloads.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { AppError } from "~/.server/errors";
import { apiError } from "~/.server/http/api-response";
import { shareFromRequest } from "~/.server/http/share-request";
import { zipResponse } from "~/.server/http/zip-response";
import { assetsOfShare, logShareAccess, versionShown } from "~/.server/governance/shares.service";
import { streamZip, zipNames, type ZipEntrySource } from "~/.server/library/downloads.service";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  try {
    const { services, visitor, share } = await shareFromRequest(request, params.token ?? "", context);
    if (share.previewOnly) throw new AppError("forbidden", "This link shows previews only; ask the shop for a download link.");
    const entries: ZipEntrySource[] = [];
    for (const a of await assetsOfShare(services.db.prisma, share)) {
      const v = versionShown(a);
      if (!v) continue;
      entries.push({ name: v.originalFilename, open: () => services.blobs.open(v.blob.storageKey), bytes: Number(v.blob.bytes), mtime: v.createdAt });
      await logShareAccess(services.db.prisma, share, visitor, "download", a.id);
    }
    if (!entries.length) throw new AppError("not_found", "Nothing in this link can be downloaded now.");
    zipNames(entries.map((e) => e.name)).forEach((n, i) => (entries[i]!.name = n));
    const res = zipResponse(streamZip(entries), `${share.name.replace(/[^\w\- ]+/g, "").trim() || "shared"}.zip`);
    res.headers.set("Referrer-Policy", "no-referrer");
    return res;
  } catch (err) {
    return apiError(err);
  }
}
