// POST /api/v1/similar?limit= — find the library's images like an uploaded one (multipart field `file`, or
// the raw bytes with an image/* Content-Type; JPEG, PNG, WebP, AVIF, GIF or TIFF, ≤ 20 MB). Nothing is
// stored. { items } as GET /api/v1/assets/:id/similar.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { AppError, valid } from "~/.server/errors";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { readProbeImage, PROBE_MAX_BYTES } from "~/.server/library/similar/probe-request";
import { presentSimilar } from "~/.server/library/similar/present";
import { findSimilar } from "~/.server/library/similar/similar.service";

const Query = z.object({ limit: z.coerce.number({ message: "limit is a number" }).int("limit is a whole number").min(1, "limit is at least 1").max(100, "limit is at most 100").default(20) });

export const loader = () => json({ code: "validation", message: "Use POST with an image to find similar ones." }, 405);

export const action = apiHandler(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") throw new AppError("validation", `${request.method} is not allowed here; use POST.`);
  const { shop, actor, services } = await requireApiKey(request);
  const { limit } = valid(Query, { limit: new URL(request.url).searchParams.get("limit") ?? undefined });
  const image = await readProbeImage(request, Math.min(PROBE_MAX_BYTES, services.config.limits.maxImageBytes));
  const r = await findSimilar({ prisma: services.db.prisma, maxPixels: services.config.limits.maxPixels }, shop.id, actor, { image }, limit);
  return json({ items: r.items.map((i) => presentSimilar(shop.mediaKey, i)) });
});
