// GET /api/v1/members — members with role and markets (admin keys only).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { listShopMembers } from "~/.server/governance/members.service";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";

export const loader = apiHandler(async ({ request }: LoaderFunctionArgs) => {
  const { shop, actor, services } = await requireApiKey(request);
  const rows = await listShopMembers(services.db.prisma, shop.id, actor);
  return json({ items: rows.map((m) => ({ id: m.id, name: m.name, email: m.email, role: m.role, markets: m.markets, isOwner: m.isOwner })) });
});
