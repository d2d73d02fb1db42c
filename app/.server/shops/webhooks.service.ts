// Shopify webhooks: HMAC verified by the Shopify library (401 on a bad one), recorded once per
// X-Shopify-Event-Id, and acted on quickly; slow work goes to jobs.
import { getServices } from "../context";
import { deleteSessionsOfShop, findShopByDomain, markShopUninstalled, updateSessionScope } from "./shops.repository";
import { recordWebhookEvent } from "./webhook-events.repository";
import { changedAtOf, onChannelProductChanged, productGidOf } from "../sync/drift.service";
import { onProductCatalogueChanged } from "../sync/catalogue.service";

export type WebhookTopic =
  | "APP_UNINSTALLED"
  | "APP_SCOPES_UPDATE"
  | "PRODUCTS_UPDATE"
  | "PRODUCTS_DELETE"
  | "CUSTOMERS_DATA_REQUEST"
  | "CUSTOMERS_REDACT"
  | "SHOP_REDACT";

export async function receiveWebhook(request: Request, expected: WebhookTopic): Promise<Response> {
  const services = await getServices();
  if (services.config.mode !== "shopify") return new Response("Not found", { status: 404 });
  const { authenticate } = await import("../../shopify.server");
  const ctx = await authenticate.webhook(request); // throws a 401 Response on a bad HMAC
  const topic = String(ctx.topic).toUpperCase().replace("/", "_") as WebhookTopic;
  if (topic !== expected) return new Response("Wrong topic for this endpoint", { status: 400 });
  const prisma = services.db.prisma;
  const shop = await findShopByDomain(prisma, ctx.shop);
  const eventId = ctx.eventId ?? ctx.webhookId;
  const fresh = await recordWebhookEvent(prisma, { shopId: shop?.id ?? null, shopDomain: ctx.shop, eventId, topic, payload: ctx.payload as object });
  if (!fresh) return new Response(null, { status: 200 }); // a redelivery we already handled

  switch (topic) {
    case "APP_UNINSTALLED":
      // Stop acting for the shop at once; its data stays until shop/redact (48 h later) asks to erase it.
      await prisma.$transaction(async (tx) => {
        await markShopUninstalled(tx, ctx.shop);
        await deleteSessionsOfShop(tx, ctx.shop);
      });
      // Its queued work is cancelled too (after the commit: a job picked up in between sees the flag).
      if (shop) await services.queue.cancelShopJobs(shop.id);
      break;
    case "APP_SCOPES_UPDATE": {
      const current = (ctx.payload as { current?: string[] }).current;
      if (ctx.session && Array.isArray(current))
        await updateSessionScope(prisma, ctx.session.id, current.join(","));
      break;
    }
    case "SHOP_REDACT":
      if (shop) await services.queue.send("shop.purge", { shopId: shop.id });
      break;
    case "CUSTOMERS_DATA_REQUEST":
    case "CUSTOMERS_REDACT":
      // Assetline stores no customer personal data: nothing to report or erase. The event is recorded.
      break;
    case "PRODUCTS_UPDATE":
    case "PRODUCTS_DELETE": {
      // A product we publish to changed: read it back (drift, or gone). Deleted products have no updated_at.
      const gid = productGidOf(ctx.payload);
      if (shop && gid) await onChannelProductChanged(prisma, services.queue, shop.id, { channel: "shopify", externalId: gid, changedAt: topic === "PRODUCTS_UPDATE" ? changedAtOf(ctx.payload) : null });
      // Its type, vendor or tags may have changed: the catalogue tags of the assets placed on it follow.
      if (shop && gid && topic === "PRODUCTS_UPDATE") await onProductCatalogueChanged(prisma, shop.id, { productGid: gid, changedAt: changedAtOf(ctx.payload), payload: ctx.payload });
      break;
    }
  }
  return new Response(null, { status: 200 });
}
