// POST /app/add-version — the "Add as new version of …" answer to a duplicate upload: the bytes the
// shop already has become a new version of the existing asset (no second upload, no second copy).
// GET ?assetId=&versionId= tells the prompt whether that makes sense (not when it is the latest version).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { errorBody } from "~/.server/http/api-response";
import { describeDuplicateTarget } from "~/.server/library/browse.service";
import { addVersionFromBlob } from "~/.server/library/ingest.service";
import { requireShop } from "~/.server/shops/require-shop";

const Body = z.object({
  assetId: z.string().uuid(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "not a SHA-256"),
  filename: z.string().trim().min(1).max(255).optional(),
});

const Check = z.object({ assetId: z.string().uuid(), versionId: z.string().uuid() });

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, services } = await requireShop(request);
  try {
    const q = Check.parse(Object.fromEntries(new URL(request.url).searchParams));
    return { ok: true as const, target: await describeDuplicateTarget({ prisma: services.db.prisma }, shop.id, q.assetId, q.versionId) };
  } catch (err) {
    if (err instanceof Response) throw err;
    return { ok: false as const, error: errorBody(err).body.message };
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  try {
    const form = await request.formData();
    const body = Body.parse({ assetId: form.get("assetId"), sha256: form.get("sha256"), filename: form.get("filename") || undefined });
    const v = await addVersionFromBlob({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, body.assetId, body.sha256, {
      filename: body.filename,
    });
    return { ok: true as const, assetId: body.assetId, versionId: v.id, number: v.number, title: v.title };
  } catch (err) {
    if (err instanceof Response) throw err;
    return { ok: false as const, error: errorBody(err).body.message };
  }
}
