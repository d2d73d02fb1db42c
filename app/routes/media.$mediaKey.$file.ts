// GET /media/<shop media key>/<sha256>.<ext> — renditions at immutable, content-addressed URLs
// (DESIGN §4): channels fetch images by URL and a new version is a new URL. Originals are not served here.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getServices } from "~/.server/context";
import { blobResponse } from "~/.server/http/blob-response";
import { findRendition } from "~/.server/library/renditions.service";

const FILE = /^([0-9a-f]{64})\.([a-z0-9]{2,5})$/;

export async function loader({ params }: LoaderFunctionArgs) {
  const m = FILE.exec(params.file ?? "");
  if (!m || !params.mediaKey) return new Response("Not found", { status: 404 });
  const services = await getServices();
  const rendition = await findRendition(services.db.prisma, params.mediaKey, m[1]!);
  if (!rendition) return new Response("Not found", { status: 404 });
  return blobResponse(services.blobs, rendition.blob, { immutable: true });
}
