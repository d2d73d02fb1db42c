// GET /api/v1/shares — the shop's share links; POST — create one for a selection of assets or a collection.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { AppError } from "~/.server/errors";
import { createShare, listShares } from "~/.server/governance/shares.service";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { presentShare } from "~/.server/governance/shares.present";

export const loader = apiHandler(async ({ request }: LoaderFunctionArgs) => {
  const { shop, actor, services } = await requireApiKey(request);
  const rows = await listShares(services.db.prisma, shop.id, actor);
  return json({ items: rows.map(presentShare) });
});

const Body = z
  .object({
    name: z.string().trim().min(1).max(120),
    assetIds: z.array(z.string().uuid()).max(500).default([]),
    collectionId: z.string().uuid().optional(),
    expiresInDays: z.number().int().min(1).max(365).optional(),
    password: z.string().min(6).max(200).optional(),
    previewOnly: z.boolean().default(true),
  })
  .strict();

export const action = apiHandler(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") throw new AppError("validation", `${request.method} is not allowed here; use POST.`);
  const { shop, actor, services } = await requireApiKey(request);
  const body = Body.parse(await request.json().catch(() => { throw new AppError("validation", "The body must be JSON."); }));
  const made = await createShare(services.db.prisma, shop.id, actor, {
    name: body.name,
    assetIds: body.assetIds,
    collectionId: body.collectionId ?? null,
    expiresAt: body.expiresInDays ? new Date(Date.now() + body.expiresInDays * 24 * 3600 * 1000) : null,
    password: body.password ?? null,
    previewOnly: body.previewOnly,
  });
  // The token is shown once: only its hash is stored.
  return json({ ...presentShare(made.share), url: new URL(made.path, request.url).toString() }, 201);
});
