// PATCH /api/v1/members/:id — set a member's role and markets (admin keys only; audited).
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { AppError } from "~/.server/errors";
import { setMemberAccess } from "~/.server/governance/members.service";
import { ROLES } from "~/.server/governance/policy";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";

const Body = z.object({ role: z.enum(ROLES), markets: z.array(z.string().regex(/^[A-Za-z]{2,10}$/)).max(50) }).strict();

export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "PATCH") throw new AppError("validation", `${request.method} is not allowed here; use PATCH.`);
  const { shop, actor, services } = await requireApiKey(request);
  const body = Body.parse(await request.json().catch(() => { throw new AppError("validation", "The body must be JSON."); }));
  const m = await setMemberAccess(services.db.prisma, shop.id, actor, z.string().uuid().parse(params.memberId), body);
  return json({ id: m.id, name: m.name, role: m.role, markets: m.markets });
});
