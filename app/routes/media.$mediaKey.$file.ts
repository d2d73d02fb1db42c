// GET /media/<shop media key>/<sha256>.<ext> — renditions at immutable, content-addressed URLs
// (DESIGN §4): channels fetch images by URL and a new version is a new URL. Originals are not served here.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getServices } from "~/.server/context";
import { blobResponse } from "~/.server/http/blob-response";
import { findRendition, forgetRendition } from "~/.server/library/renditions.service";
import { isBlobError } from "~/.server/media/blob-core";

const FILE = /^([0-9a-f]{64})\.([a-z0-9]{2,5})$/;
const notFound = () => new Response("Not found", { status: 404 });

export async function loader({ params }: LoaderFunctionArgs) {
  const m = FILE.exec(params.file ?? "");
  if (!m || !params.mediaKey) return notFound();
  const services = await getServices();
  const rendition = await findRendition(services.db.prisma, params.mediaKey, m[1]!);
  if (!rendition) return notFound();
  try {
    return await blobResponse(services.blobs, rendition.blob, { immutable: true });
  } catch (e) {
    if (!isBlobError(e, "not_found")) throw e;
    forgetRendition(params.mediaKey, m[1]!);
    return notFound();
  }
}
