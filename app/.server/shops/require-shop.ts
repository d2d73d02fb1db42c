// Routes get the shop and the acting member only from here (DESIGN §10): the verified Shopify session
// in shopify mode, the demo shop (and the demo user picked in the switcher) in demo mode.
import { getServices, type AppServices } from "../context";
import { AppError } from "../errors";
import { actorOf, demoMember, memberForStaff } from "../governance/members.service";
import type { Actor } from "../library/types";
import { DEMO_SHOP_DOMAIN } from "./demo";
import { findShopByDomain, upsertShop } from "./shops.repository";
import type { Shop } from "../../.generated/prisma/client";

export interface ShopContext {
  shop: Shop;
  actor: Actor;
  services: AppServices;
}

export const DEMO_USER_COOKIE = "assetline_demo_user";

export async function requireShop(request: Request): Promise<ShopContext> {
  const services = await getServices();
  const prisma = services.db.prisma;
  if (services.config.mode === "demo") {
    const shop = await findShopByDomain(prisma, DEMO_SHOP_DOMAIN);
    if (!shop) throw new AppError("unavailable", "The demo shop is not ready yet.");
    const member = await demoMember(prisma, shop.id, readCookie(request, DEMO_USER_COOKIE));
    if (!member) throw new AppError("unavailable", "The demo users are not ready yet.");
    return { shop, actor: actorOf(member), services };
  }
  const { authenticate } = await import("../../shopify.server");
  const { session } = await authenticate.admin(request);
  const shop =
    (await findShopByDomain(prisma, session.shop)) ??
    (await upsertShop(prisma, session.shop, { name: session.shop.replace(/\.myshopify\.com$/, "") }));
  if (shop.uninstalledAt) throw new AppError("forbidden", "This shop has uninstalled Assetline.");
  const user = session.onlineAccessInfo?.associated_user;
  if (!user) throw new AppError("unauthorized", "Assetline needs to know which staff member you are; reload the app from Shopify admin.");
  const member = await memberForStaff(prisma, shop.id, {
    id: user.id,
    firstName: user.first_name,
    lastName: user.last_name,
    email: user.email,
    accountOwner: user.account_owner,
  });
  return { shop, actor: actorOf(member), services };
}

function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return null;
}
