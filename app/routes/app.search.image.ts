// "Search by image" on the library page (issue #7): the image the member drops or picks is posted here
// (multipart field `file`), checked like POST /api/v1/similar's probe (type sniffed from the bytes, size
// and pixel limits) and compared with the library in the member's market scope. Nothing about it is
// stored: the probe lives in memory and a temp dir removed before the answer.
import type { ActionFunctionArgs } from "@remix-run/node";
import { errorBody, json } from "~/.server/http/api-response";
import { presentSimilar } from "~/.server/library/similar/present";
import { PROBE_MAX_BYTES, readProbeImage } from "~/.server/library/similar/probe-request";
import { findSimilar } from "~/.server/library/similar/similar.service";
import { requireShop } from "~/.server/shops/require-shop";

const LIMIT = 24;

export const loader = () => json({ code: "validation", message: "Post an image to search by it." }, 405);

export async function action({ request }: ActionFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  try {
    const image = await readProbeImage(request, Math.min(PROBE_MAX_BYTES, services.config.limits.maxImageBytes));
    const r = await findSimilar({ prisma: services.db.prisma, maxPixels: services.config.limits.maxPixels }, shop.id, actor, { image }, LIMIT);
    return json({ items: r.items.map((i) => presentSimilar(shop.mediaKey, i)) });
  } catch (err) {
    const { status, body } = errorBody(err);
    if (status >= 500) throw err;
    return json(body, status);
  }
}
