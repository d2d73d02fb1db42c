// POST /api/v1/assets/:id/tags/:tagId/accept | reject | undo — decide on an auto tag: accept a
// suggestion, reject a tag (it is never suggested for the asset again), or undo the decision.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { AppError } from "~/.server/errors";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { decideTag } from "~/.server/library/auto-tags.service";

const Params = z.object({
  assetId: z.string().uuid("asset ids are UUIDs"),
  tagId: z.string().uuid("tag ids are UUIDs"),
  decision: z.string(),
});
const DECISIONS = ["accept", "reject", "undo"] as const;

export const loader = () => json({ code: "validation", message: "Use POST to accept, reject or undo a tag." }, 405);

export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") throw new AppError("validation", `${request.method} is not allowed here; use POST.`);
  const { shop, actor, services } = await requireApiKey(request);
  const { assetId, tagId, decision } = Params.parse(params);
  const d = DECISIONS.find((x) => x === decision);
  if (!d) throw new AppError("not_found", `There is no “${decision}” for tags: use accept, reject or undo.`);
  return json(await decideTag({ prisma: services.db.prisma }, shop.id, actor, assetId, tagId, d));
});
