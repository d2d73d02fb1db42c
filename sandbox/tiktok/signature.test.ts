// The sandbox's verifier against the CHANNELS.md §3.2 vectors, independently of connectors/tiktok/sign.ts.
import { describe, expect, it } from "vitest";
import { expectedSign, timestampAccepted } from "./signature";

const base = { appSecret: "e59af819cc", multipart: false, body: null };

describe("sandbox signature check (CHANNELS.md §3.2 vectors)", () => {
  it("doc vector", () => {
    const query = new URLSearchParams({ timestamp: "1623812664", app_key: "29a39d", sign: "x" });
    expect(expectedSign({ ...base, path: "/authorization/202309/shops", query })).toBe("b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8");
  });
  it("body vector", () => {
    const query = new URLSearchParams({ app_key: "29a39d", shop_cipher: "ROW_xkMbgAAAeVAQra0eZWebFQq5aIK", timestamp: "1623812664" });
    const body = Buffer.from(`{"main_images":[{"uri":"tos-maliva-i-o3syd03w52-us/c668cdf70b7f483c94dbe"}]}`);
    expect(expectedSign({ ...base, path: "/product/202309/products/1729592969712207008/partial_edit", query, body })).toBe(
      "b5194a2d5bce41937d8d128765e631f8ee14769a206f1dd98977909e5e817c59",
    );
  });
  it("multipart vector ignores the body", () => {
    const query = new URLSearchParams({ app_key: "29a39d", timestamp: "1623812664" });
    expect(expectedSign({ ...base, multipart: true, body: Buffer.from("--x\r\n"), path: "/product/202309/images/upload", query })).toBe(
      "2f292aaeecc6a6ce8c7240771265c3342b343f27ef91271fe72a9452d74fa844",
    );
  });
  it("EcomPHP vector", () => {
    expect(expectedSign({ ...base, appSecret: "app_secret", path: "/test-api", query: new URLSearchParams({ foo: "bar" }) })).toBe(
      "d3cb7fe11ecae942802ceeca67e7cf10120cc12f1517d45fbc1c8cfe5413c80f",
    );
  });
  it("timestamp window", () => {
    expect(timestampAccepted("1623812664", 1623812664 + 300)).toBe(true);
    expect(timestampAccepted("1623812664", 1623812664 + 301)).toBe(false);
    expect(timestampAccepted("1623812664", 1623812664 - 30)).toBe(true);
    expect(timestampAccepted("1623812664", 1623812664 - 31)).toBe(false);
    expect(timestampAccepted("1623812664000", 1623812664)).toBe(false);
  });
});
