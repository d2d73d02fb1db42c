// GET /api/v1/assets/:id/versions/:versionId/original — the uploaded bytes, as an attachment.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler } from "~/.server/http/api-response";
import { blobResponse } from "~/.server/http/blob-response";
import { versionDownload } from "~/.server/library/downloads.service";

const Params = z.object({ assetId: z.string().uuid(), versionId: z.string().uuid() });

export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, actor, services } = await requireApiKey(request);
  const { assetId, versionId } = Params.parse(params);
  const d = await versionDownload({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, assetId, versionId, null);
  return blobResponse(services.blobs, d.blob, { attachmentName: d.filename });
});
