// GET /media/<shop media key>/<sha256>.<ext> — renditions at immutable, content-addressed URLs
// (DESIGN §4): channels fetch images by URL and a new version is a new URL. Originals are not served here.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getServices } from "~/.server/context";
import { renditionResponse } from "~/.server/library/renditions.service";

const FILE = /^([0-9a-f]{64})\.([a-z0-9]{2,5})$/;

export async function loader({ params }: LoaderFunctionArgs) {
  const m = FILE.exec(params.file ?? "");
  if (!m || !params.mediaKey) return new Response("Not found", { status: 404 });
  const services = await getServices();
  return renditionResponse({ prisma: services.db.prisma, blobs: services.blobs }, params.mediaKey, m[1]!);
}
