// GET /api/v1/collections/:id — the collection and the ids of its assets within the key's markets;
// PATCH — `{ name?, description?, add?: [assetId], remove?: [assetId] }`; DELETE — delete it (assets stay).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { AppError } from "~/.server/errors";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { presentCollection } from "~/.server/library/collections.present";
import { deleteCollection, editCollection, getCollection, listCollections } from "~/.server/library/collections.service";
import type { ApiContext } from "~/.server/http/api-auth";

const Id = z.string().uuid("Not a collection id.");

async function show(ctx: ApiContext, id: string) {
  const { assetIds } = await getCollection(ctx.services.db.prisma, ctx.shop.id, ctx.actor, id);
  const summary = (await listCollections(ctx.services.db.prisma, ctx.shop.id, ctx.actor)).find((c) => c.id === id)!;
  return { ...presentCollection(summary), assetIds };
}

export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const ctx = await requireApiKey(request);
  return json(await show(ctx, Id.parse(params.collectionId)));
});

const Patch = z
  .object({
    name: z.string().max(200).optional(),
    description: z.string().max(2000).optional(),
    add: z.array(z.string().uuid()).max(500).optional(),
    remove: z.array(z.string().uuid()).max(500).optional(),
  })
  .strict();

export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  const ctx = await requireApiKey(request);
  const id = Id.parse(params.collectionId);
  const prisma = ctx.services.db.prisma;
  if (request.method === "DELETE") {
    await deleteCollection(prisma, ctx.shop.id, ctx.actor, id);
    return json({ deleted: true });
  }
  if (request.method !== "PATCH") throw new AppError("validation", `${request.method} is not allowed here; use PATCH or DELETE.`);
  const body = Patch.parse(await request.json().catch(() => { throw new AppError("validation", "The body must be JSON."); }));
  await editCollection(prisma, ctx.shop.id, ctx.actor, id, body);
  return json(await show(ctx, id));
});
