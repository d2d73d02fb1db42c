// The Shopify app (template shape). Built on first use and only in shopify mode: demo mode has no
// credentials and never reaches Shopify.
import "@shopify/shopify-app-remix/adapters/node";
import { AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { getConfig } from "./.server/config";
import { getServices } from "./.server/context";
import { createSealer } from "./.server/crypto";
import { SHOPIFY_API_VERSION } from "./.server/shopify-version";
import { PrismaSessionStorage } from "./.server/shops/session-storage.repository";
import { upsertShop } from "./.server/shops/shops.repository";
import { rewriteShopOrigin } from "./.server/shops/admin-origin";
import { ensureStoreAccount } from "./.server/sync/accounts.service";

function build() {
  const config = getConfig();
  if (!config.shopify || !config.encryptionKey) throw new Error("shopify.server used outside shopify mode");
  const s = config.shopify;
  const origin = config.channels.shopifyAdminOrigin;
  // SHOPIFY_ADMIN_ORIGIN: the library's calls to https://{shop} go there instead (a sandbox, a proxy).
  if (origin)
    setAbstractFetchFunc((input, init) =>
      globalThis.fetch(typeof input === "string" || input instanceof URL ? rewriteShopOrigin(input.toString(), origin) : input, init),
    );
  return shopifyApp({
    apiKey: s.apiKey,
    apiSecretKey: s.apiSecret,
    apiVersion: SHOPIFY_API_VERSION,
    scopes: s.scopes,
    appUrl: s.appUrl,
    authPathPrefix: "/auth",
    // Online (per-user) sessions tell us which staff member is acting: roles and market scopes hang on it.
    useOnlineTokens: true,
    sessionStorage: new PrismaSessionStorage(async () => (await getServices()).db.prisma, createSealer(config.encryptionKey, config.previousEncryptionKeys)),
    distribution: AppDistribution.AppStore,
    future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
    hooks: {
      afterAuth: async ({ session }) => {
        const services = await getServices();
        const shop = await upsertShop(services.db.prisma, session.shop, { name: session.shop.replace(/\.myshopify\.com$/, "") });
        // The store is a channel account from install on; its catalogue is imported in the background.
        await ensureStoreAccount({ prisma: services.db.prisma, sealer: services.sealer, queue: services.queue }, shop, (session.scope ?? "").split(",").filter(Boolean));
      },
    },
    ...(s.customShopDomains.length ? { customShopDomains: s.customShopDomains } : {}),
  });
}

let app: ReturnType<typeof build> | null = null;
export function shopify() {
  app ??= build();
  return app;
}
export const apiVersion = SHOPIFY_API_VERSION;
export const authenticate = {
  admin: (request: Request) => shopify().authenticate.admin(request),
  webhook: (request: Request) => shopify().authenticate.webhook(request),
};
export const unauthenticated = {
  admin: (shop: string) => shopify().unauthenticated.admin(shop),
};
export const login = (request: Request) => shopify().login(request);
export const addDocumentResponseHeaders = (request: Request, headers: Headers) =>
  getConfig().mode === "shopify" ? shopify().addDocumentResponseHeaders(request, headers) : undefined;
