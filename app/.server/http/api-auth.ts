import { getServices, type AppServices } from "../context";
import { authenticateApiKey } from "../governance/api-keys.service";
import type { Actor } from "../library/types";
import type { Shop } from "../../.generated/prisma/client";

export interface ApiContext {
  shop: Shop;
  actor: Actor;
  role: string;
  services: AppServices;
}

/** REST API authentication: a per-shop API key as `Authorization: Bearer al_…`. */
export async function requireApiKey(request: Request): Promise<ApiContext> {
  const services = await getServices();
  const header = request.headers.get("authorization") ?? "";
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? null;
  const { shop, actor, role } = await authenticateApiKey(services.db.prisma, token);
  return { shop, actor, role, services };
}
