// The asset page's "Find similar" panel asks here (a fetcher, on demand: ranking reads the shop's newest
// images): near-duplicates first, then images of similar colours, in the member's market scope.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireShop } from "~/.server/shops/require-shop";
import { AppError } from "~/.server/errors";
import { presentSimilar } from "~/.server/library/similar/present";
import { findSimilar } from "~/.server/library/similar/similar.service";

const Params = z.object({ assetId: z.string().uuid() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response("That asset was not found.", { status: 404 });
  try {
    const r = await findSimilar({ prisma: services.db.prisma, maxPixels: services.config.limits.maxPixels }, shop.id, actor, { assetId: parsed.data.assetId }, 12);
    return json({ items: r.items.map((i) => presentSimilar(shop.mediaKey, i)) });
  } catch (err) {
    if (err instanceof AppError && err.kind === "not_found") throw new Response(err.message, { status: 404 });
    throw err;
  }
}
