// Shopify webhooks through the real route modules and the Shopify library's HMAC check.
import type { ActionFunctionArgs } from "@remix-run/node";
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setConfig } from "../app/.server/config";
import { useServices } from "../app/.server/context";
import * as uninstalled from "../app/routes/webhooks.app.uninstalled";
import * as shopRedact from "../app/routes/webhooks.shop.redact";
import * as customersRedact from "../app/routes/webhooks.customers.redact";
import * as productsUpdate from "../app/routes/webhooks.products.update";
import { Session } from "@shopify/shopify-api";
import { createSealer } from "../app/.server/crypto";
import { PrismaSessionStorage } from "../app/.server/shops/session-storage.repository";
import { DB_KINDS } from "./support/db";
import { createTestServices, createTestShop, TEST_ADMIN, type TestContext } from "./support/services";
import type { Catalogue } from "../connectors/channel";
import { connectAccount } from "../app/.server/sync/accounts.service";
import { importCatalogue } from "../app/.server/sync/catalogue.service";

const SECRET = "webhook-test-secret";
const ENV = {
  ASSETLINE_MODE: "shopify",
  SHOPIFY_API_KEY: "test-api-key",
  SHOPIFY_API_SECRET: SECRET,
  SHOPIFY_APP_URL: "https://assetline.example.com",
  ASSETLINE_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
};

function webhook(topic: string, shop: string, payload: object, opts: { eventId?: string; secret?: string } = {}) {
  const body = JSON.stringify(payload);
  const hmac = createHmac("sha256", opts.secret ?? SECRET).update(body).digest("base64");
  return new Request(`https://assetline.example.com/webhooks/${topic}`, {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Hmac-Sha256": hmac,
      "X-Shopify-Shop-Domain": shop,
      "X-Shopify-API-Version": "2026-10",
      "X-Shopify-Webhook-Id": randomBytes(8).toString("hex"),
      "X-Shopify-Event-Id": opts.eventId ?? randomBytes(8).toString("hex"),
      "X-Shopify-Triggered-At": new Date().toISOString(),
    },
  });
}
const run = (mod: { action: (a: ActionFunctionArgs) => Promise<Response> }, req: Request) =>
  mod.action({ request: req, params: {}, context: {} }).catch((r: unknown) => {
    if (r instanceof Response) return r;
    throw r;
  });

describe.each(DB_KINDS)("Shopify webhooks on %s", (kind) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestServices(kind, { env: ENV });
    setConfig(t.config);
    useServices(t.services);
  });
  afterAll(async () => {
    useServices(null);
    setConfig(null);
    await t?.close();
  });

  it("rejects a bad HMAC with 401 and records nothing", async () => {
    const shop = await createTestShop(t.services);
    const res = await run(uninstalled, webhook("app/uninstalled", shop.domain, {}, { secret: "wrong" }));
    expect(res.status).toBe(401);
    expect(await t.services.db.prisma.webhookEvent.count({ where: { shopDomain: shop.domain } })).toBe(0);
    expect((await t.services.db.prisma.shop.findUnique({ where: { id: shop.id } }))!.uninstalledAt).toBeNull();
  });

  it("app/uninstalled marks the shop uninstalled, drops its sessions and cancels its queued jobs; a redelivery is ignored", async () => {
    const shop = await createTestShop(t.services);
    const other = await createTestShop(t.services);
    // Queued work (no worker runs here): two of this shop's jobs, one of another shop's, and a purge.
    const later = new Date(Date.now() + 3600_000);
    await t.services.queue.send("ingest.process", { shopId: shop.id, versionId: randomUUID() }, { startAfter: later });
    await t.services.queue.send("rendition.build", { shopId: shop.id, versionId: randomUUID(), presetIds: ["amazon.main"] }, { startAfter: later });
    await t.services.queue.send("ingest.process", { shopId: other.id, versionId: randomUUID() }, { startAfter: later });
    const queued = async (name: "ingest.process" | "rendition.build", shopId: string) =>
      (await t.services.queue.boss.findJobs(name, { data: { shopId }, queued: true })).length;
    expect(await queued("ingest.process", shop.id)).toBe(1);
    const storage = new PrismaSessionStorage(async () => t.services.db.prisma, createSealer(ENV.ASSETLINE_ENCRYPTION_KEY));
    const session = new Session({ id: `offline_${shop.domain}`, shop: shop.domain, state: "x", isOnline: false });
    session.accessToken = "shpat_secret_token";
    await storage.storeSession(session);
    const row = await t.services.db.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(row.accessToken).not.toContain("shpat_secret_token"); // encrypted at rest
    expect((await storage.loadSession(session.id))!.accessToken).toBe("shpat_secret_token");
    const res = await run(uninstalled, webhook("app/uninstalled", shop.domain, { id: 1 }, { eventId: "evt-1" }));
    expect(res.status).toBe(200);
    const after = await t.services.db.prisma.shop.findUnique({ where: { id: shop.id } });
    expect(after!.uninstalledAt).not.toBeNull();
    expect(await t.services.db.prisma.session.count({ where: { shop: shop.domain } })).toBe(0);
    expect(await queued("ingest.process", shop.id)).toBe(0);
    expect(await queued("rendition.build", shop.id)).toBe(0);
    expect(await queued("ingest.process", other.id)).toBe(1); // another shop's work goes on
    const again = await run(uninstalled, webhook("app/uninstalled", shop.domain, { id: 1 }, { eventId: "evt-1" }));
    expect(again.status).toBe(200);
    expect(await t.services.db.prisma.webhookEvent.count({ where: { eventId: "evt-1" } })).toBe(1);
  });

  it("sessions sealed with a previous key still load after a key rotation, and are sealed again with the new key", async () => {
    const shop = await createTestShop(t.services);
    const oldKey = randomBytes(32).toString("base64");
    const before = new PrismaSessionStorage(async () => t.services.db.prisma, createSealer(oldKey));
    const session = new Session({ id: `offline_${shop.domain}`, shop: shop.domain, state: "x", isOnline: false });
    session.accessToken = "shpat_rotating";
    await before.storeSession(session);
    const newSealer = createSealer(randomBytes(32).toString("base64"), [oldKey]);
    const after = new PrismaSessionStorage(async () => t.services.db.prisma, newSealer);
    expect((await after.loadSession(session.id))!.accessToken).toBe("shpat_rotating");
    const row = await t.services.db.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(newSealer.isStale(row.accessToken)).toBe(false);
    expect(await before.loadSession(session.id)).toBeUndefined(); // the old key alone no longer opens it
  });

  it("shop/redact queues the purge; customers/redact and products/update are answered and recorded", async () => {
    const shop = await createTestShop(t.services);
    expect((await run(shopRedact, webhook("shop/redact", shop.domain, { shop_domain: shop.domain }))).status).toBe(200);
    const jobs = await t.services.queue.boss.findJobs("shop.purge", { key: shop.id });
    expect(jobs).toHaveLength(1);
    expect((await run(customersRedact, webhook("customers/redact", shop.domain, { customer: { id: 1 } }))).status).toBe(200);
    expect((await run(productsUpdate, webhook("products/update", shop.domain, { id: 42 }))).status).toBe(200);
    expect(await t.services.db.prisma.webhookEvent.count({ where: { shopDomain: shop.domain } })).toBe(3);
  });

  it("products/update brings the product's type, vendor and tags to its listing (an older one does not)", async () => {
    const shop = await createTestShop(t.services);
    const prisma = t.services.db.prisma;
    const account = await connectAccount({ prisma, sealer: t.services.sealer }, shop.id, TEST_ADMIN, {
      channel: "shopify", externalId: shop.domain, name: "Store", region: null, marketplaces: [], scopes: [], grant: null,
    });
    const gid = "gid://shopify/Product/42";
    const catalogue: Catalogue = {
      listListings: async (accountId) => ({
        items: [{ ref: { accountId, externalId: gid }, title: "Trail runner", skus: [], status: "ACTIVE", images: [], catalogue: { productType: "Shoes", vendor: "Acme", tags: ["trail"], collections: ["Outdoor"] } }],
        nextCursor: null,
      }),
    };
    await importCatalogue(prisma, shop.id, account.id, catalogue);
    const updatedAt = new Date(Date.now() + 60_000).toISOString();
    const body = { id: 42, admin_graphql_api_id: gid, title: "Trail runner", product_type: "Sneakers", vendor: "Zenith", tags: "trail, waterproof", updated_at: updatedAt };
    expect((await run(productsUpdate, webhook("products/update", shop.domain, body))).status).toBe(200);
    expect(await prisma.listing.findFirstOrThrow({ where: { shopId: shop.id, externalId: gid } })).toMatchObject({
      productType: "Sneakers", vendor: "Zenith", productTags: ["trail", "waterproof"], collections: ["Outdoor"], catalogueAt: new Date(updatedAt),
    });
    const late = { ...body, vendor: "Acme", updated_at: new Date(Date.now() - 60_000).toISOString() };
    expect((await run(productsUpdate, webhook("products/update", shop.domain, late))).status).toBe(200);
    expect((await prisma.listing.findFirstOrThrow({ where: { shopId: shop.id, externalId: gid } })).vendor).toBe("Zenith");
  });

  it("a topic sent to the wrong endpoint is refused", async () => {
    const shop = await createTestShop(t.services);
    expect((await run(shopRedact, webhook("app/uninstalled", shop.domain, {}))).status).toBe(400);
  });
});
