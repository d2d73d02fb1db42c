// GET /api/v1/collections — the shop's collections with how many of the key's assets each holds;
// POST — create one `{ name, description?, assetIds? }`.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { AppError } from "~/.server/errors";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { presentCollection } from "~/.server/library/collections.present";
import { createCollection, listCollections } from "~/.server/library/collections.service";

export const loader = apiHandler(async ({ request }: LoaderFunctionArgs) => {
  const { shop, actor, services } = await requireApiKey(request);
  return json({ items: (await listCollections(services.db.prisma, shop.id, actor)).map(presentCollection) });
});

const Body = z
  .object({
    name: z.string().max(200),
    description: z.string().max(2000).optional(),
    assetIds: z.array(z.string().uuid()).max(500).optional(),
  })
  .strict();

export const action = apiHandler(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") throw new AppError("validation", `${request.method} is not allowed here; use POST.`);
  const { shop, actor, services } = await requireApiKey(request);
  const body = Body.parse(await request.json().catch(() => { throw new AppError("validation", "The body must be JSON."); }));
  const row = await createCollection(services.db.prisma, shop.id, actor, body);
  const made = (await listCollections(services.db.prisma, shop.id, actor)).find((c) => c.id === row.id)!;
  return json(presentCollection(made), 201);
});
