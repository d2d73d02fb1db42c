import { ApiVersion } from "@shopify/shopify-app-remix/server";

/** The one Admin API version (DESIGN §10): the newest the library supports. */
export const SHOPIFY_API_VERSION = ApiVersion.October26;
