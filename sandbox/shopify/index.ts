// Public API of the Shopify sandbox.
export { startShopifySandbox } from "./server";
export type { ShopifySandbox, ShopifySandboxOptions } from "./server";
export { ShopifySandboxState, DEFAULT_SHOP } from "./state";
export type { SandboxStateOptions } from "./state";
export type { MediaRecord, ProductRecord, RequestLogEntry, MediaStatus } from "./model";
export { adminSchema, SHOPIFY_SPECS_DIR } from "./schema";
