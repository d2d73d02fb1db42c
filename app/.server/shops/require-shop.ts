// Routes get the shop only from here (DESIGN §10): the verified Shopify session in shopify mode, the
// demo shop in demo mode. Nothing else decides which shop a request acts for.
import { getServices, type AppServices } from "../context";
import { AppError } from "../errors";
import type { Actor } from "../library/types";
import { DEMO_ACTOR, DEMO_SHOP_DOMAIN } from "./demo";
import { findShopByDomain, upsertShop } from "./shops.repository";
import type { Shop } from "../../.generated/prisma/client";

export interface ShopContext {
  shop: Shop;
  actor: Actor;
  services: AppServices;
}

export async function requireShop(request: Request): Promise<ShopContext> {
  const services = await getServices();
  if (services.config.mode === "demo") {
    const shop = await findShopByDomain(services.db.prisma, DEMO_SHOP_DOMAIN);
    if (!shop) throw new AppError("unavailable", "The demo shop is not ready yet.");
    return { shop, actor: DEMO_ACTOR, services };
  }
  const { authenticate } = await import("../../shopify.server");
  const { session } = await authenticate.admin(request);
  const shop =
    (await findShopByDomain(services.db.prisma, session.shop)) ??
    (await upsertShop(services.db.prisma, session.shop, { name: session.shop.replace(/\.myshopify\.com$/, "") }));
  if (shop.uninstalledAt) throw new AppError("forbidden", "This shop has uninstalled Assetline.");
  const user = session.onlineAccessInfo?.associated_user;
  const actor: Actor = user
    ? { kind: "user", id: String(user.id), name: [user.first_name, user.last_name].filter(Boolean).join(" ") || user.email }
    : { kind: "user", id: "shop", name: "Shop staff" };
  return { shop, actor, services };
}
