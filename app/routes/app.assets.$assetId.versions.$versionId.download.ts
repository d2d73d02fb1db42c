// GET /app/assets/:assetId/versions/:versionId/download — a version's original file, as an attachment
// (the admin's counterpart of the REST `…/original`; shop from requireShop, never from the URL).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { AppError } from "~/.server/errors";
import { blobResponse } from "~/.server/http/blob-response";
import { getVersionOriginal } from "~/.server/library/browse.service";
import { requireShop } from "~/.server/shops/require-shop";

const Params = z.object({ assetId: z.string().uuid(), versionId: z.string().uuid() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop, services } = await requireShop(request);
  const parsed = Params.safeParse(params);
  if (!parsed.success) return new Response("That version was not found.", { status: 404 });
  try {
    const v = await getVersionOriginal({ prisma: services.db.prisma }, shop.id, parsed.data.assetId, parsed.data.versionId);
    return await blobResponse(services.blobs, v.blob, { attachmentName: v.originalFilename });
  } catch (err) {
    if (err instanceof AppError && err.kind === "not_found") return new Response(err.message, { status: 404 });
    throw err;
  }
}
