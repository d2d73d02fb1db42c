// DELETE /api/v1/shares/:id — revoke a link (it is refused from then on).
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { AppError } from "~/.server/errors";
import { revokeShare } from "~/.server/governance/shares.service";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";

export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "DELETE") throw new AppError("validation", `${request.method} is not allowed here; use DELETE.`);
  const { shop, actor, services } = await requireApiKey(request);
  await revokeShare(services.db.prisma, shop.id, actor, z.string().uuid().parse(params.shareId));
  return json({ revoked: true });
});
