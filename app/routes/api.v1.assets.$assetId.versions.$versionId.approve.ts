// POST /api/v1/assets/:id/versions/:versionId/approve
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { AppError } from "~/.server/errors";
import { changeVersionState } from "~/.server/library/assets.service";

const Params = z.object({ assetId: z.string().uuid(), versionId: z.string().uuid() });

export const loader = () => json({ code: "validation", message: "Use POST to approve." }, 405);

export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") throw new AppError("validation", "Use POST to approve.");
  const { shop, actor, services } = await requireApiKey(request);
  const { assetId, versionId } = Params.parse(params);
  const v = await services.db.prisma.assetVersion.findFirst({ where: { id: versionId, assetId, shopId: shop.id }, select: { id: true } });
  if (!v) throw new AppError("not_found", "That version was not found on this asset.");
  const res = await changeVersionState({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, versionId, "approve");
  return json(res);
});
