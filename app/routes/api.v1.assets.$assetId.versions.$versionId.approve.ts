// POST /api/v1/assets/:id/versions/:versionId/approve
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { AppError } from "~/.server/errors";
import { approveVersionOfAsset } from "~/.server/library/assets.service";

const Params = z.object({ assetId: z.string().uuid(), versionId: z.string().uuid() });

export const loader = () => json({ code: "validation", message: "Use POST to approve." }, 405);

export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") throw new AppError("validation", "Use POST to approve.");
  const { shop, actor, services } = await requireApiKey(request);
  const { assetId, versionId } = Params.parse(params);
  const res = await approveVersionOfAsset({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, assetId, versionId);
  return json(res);
});
