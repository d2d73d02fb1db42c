import { describe, expect, it } from "vitest";
import { rewriteShopOrigin } from "./admin-origin";

describe("SHOPIFY_ADMIN_ORIGIN", () => {
  it("sends a shop's Admin API and token calls to the configured origin, path and query kept", () => {
    expect(rewriteShopOrigin("https://a-shop.myshopify.com/admin/api/2026-10/graphql.json?x=1", "http://127.0.0.1:9100")).toBe(
      "http://127.0.0.1:9100/admin/api/2026-10/graphql.json?x=1",
    );
    expect(rewriteShopOrigin("https://a-shop.myshopify.com/admin/oauth/access_token", "http://127.0.0.1:9100")).toBe("http://127.0.0.1:9100/admin/oauth/access_token");
  });
  it("leaves other hosts, and everything when unset", () => {
    expect(rewriteShopOrigin("https://api.amazon.com/auth/o2/token", "http://127.0.0.1:9100")).toBe("https://api.amazon.com/auth/o2/token");
    expect(rewriteShopOrigin("https://a-shop.myshopify.com/admin", null)).toBe("https://a-shop.myshopify.com/admin");
  });
});
