// GET /api/v1/assets/:id/versions/:versionId/renditions/:presetId — a rendition's bytes (e.g. preview),
// as an attachment, within the key's role, markets and the asset's rights.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler } from "~/.server/http/api-response";
import { blobResponse } from "~/.server/http/blob-response";
import { RenditionId, versionDownload } from "~/.server/library/downloads.service";

const Params = z.object({ assetId: z.string().uuid(), versionId: z.string().uuid(), presetId: z.string().regex(RenditionId, "not a rendition id") });

export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, actor, services } = await requireApiKey(request);
  const p = Params.parse(params);
  const d = await versionDownload({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, p.assetId, p.versionId, p.presetId);
  return blobResponse(services.blobs, d.blob, { attachmentName: d.filename });
});
