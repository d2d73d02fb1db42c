import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";

const KEY = Buffer.alloc(32, 7).toString("base64");

describe("config", () => {
  it("defaults to demo mode on the embedded stack", () => {
    const c = parseConfig({});
    expect(c.mode).toBe("demo");
    expect(c.host).toBe("127.0.0.1");
    expect(c.database.kind).toBe("pglite");
    expect(c.blobs.kind).toBe("fs");
    expect(c.worker.inline).toBe(true);
  });
  it("ANALYSERS: all by default (null), or the named ones; an empty list is refused", () => {
    expect(parseConfig({}).analysers).toBeNull();
    expect(parseConfig({ ANALYSERS: " Colour, shape " }).analysers).toEqual(["colour", "shape"]);
    expect(() => parseConfig({ ANALYSERS: " , " })).toThrow(/ANALYSERS/);
  });
  it("SHOPIFY_MEDIA_BY_URL: auto by default; always/never; anything else refused", () => {
    expect(parseConfig({}).shopifyMediaByUrl).toBe("auto");
    expect(parseConfig({ SHOPIFY_MEDIA_BY_URL: "always" }).shopifyMediaByUrl).toBe("always");
    expect(() => parseConfig({ SHOPIFY_MEDIA_BY_URL: "sometimes" })).toThrow(/SHOPIFY_MEDIA_BY_URL/);
  });
  it("picks PostgreSQL when DATABASE_URL is set", () => {
    expect(parseConfig({ DATABASE_URL: "postgres://x@127.0.0.1/db" }).database).toEqual({ kind: "postgres", url: "postgres://x@127.0.0.1/db" });
  });
  it("demo mode fails closed: never with Shopify credentials, never off loopback, whatever NODE_ENV says", () => {
    expect(() => parseConfig({ ASSETLINE_MODE: "demo", SHOPIFY_API_SECRET: "s" })).toThrow(ConfigError);
    expect(() => parseConfig({ ASSETLINE_MODE: "demo", SHOPIFY_API_KEY: "k" })).toThrow(/refuses/);
    expect(() => parseConfig({ HOST: "0.0.0.0" })).toThrow(/loopback/);
    expect(() => parseConfig({ HOST: "0.0.0.0", NODE_ENV: "production" })).toThrow(/loopback/);
    expect(parseConfig({ HOST: "::1" }).mode).toBe("demo");
  });
  it("Shopify credentials select shopify mode, which needs everything it uses", () => {
    expect(() => parseConfig({ SHOPIFY_API_KEY: "k" })).toThrow(/SHOPIFY_API_SECRET/);
    const c = parseConfig({ SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://a.example", ASSETLINE_ENCRYPTION_KEY: KEY, HOST: "0.0.0.0" });
    expect(c.mode).toBe("shopify");
    expect(c.shopify?.scopes).toEqual(["read_products", "write_products", "read_files", "write_files"]);
  });
  it("explains invalid values", () => {
    expect(() => parseConfig({ PORT: "seventy" })).toThrow(/PORT/);
    expect(() => parseConfig({ BLOB_STORE: "s3" })).toThrow(/S3_BUCKET/);
    expect(() => parseConfig({ ASSETLINE_ENCRYPTION_KEY: "short" })).toThrow(/32 bytes/);
  });
  it("channel hosts default to the real APIs and each can be pointed elsewhere", () => {
    const c = parseConfig({}).channels;
    expect(c.amazon.lwaUrl).toBe("https://api.amazon.com/auth/o2/token");
    expect(c.amazon.spapiUrl).toEqual({ NA: "https://sellingpartnerapi-na.amazon.com", EU: "https://sellingpartnerapi-eu.amazon.com", FE: "https://sellingpartnerapi-fe.amazon.com" });
    expect(c.amazon.consentUrl.DE).toBe("https://sellercentral.amazon.de/apps/authorize/consent");
    expect(c.tiktok).toMatchObject({ authUrl: "https://auth.tiktok-shops.com", apiUrl: "https://open-api.tiktokglobalshop.com" });
    expect(c.shopifyAdminOrigin).toBeNull();
    const local = parseConfig({ AMAZON_SPAPI_URL_EU: "http://127.0.0.1:9001", AMAZON_CONSENT_URL_DE: "http://127.0.0.1:9001", TIKTOK_API_URL: "http://127.0.0.1:9002", SHOPIFY_ADMIN_ORIGIN: "http://127.0.0.1:9003" }).channels;
    expect(local.amazon.spapiUrl.EU).toBe("http://127.0.0.1:9001");
    expect(local.amazon.consentUrl.DE).toBe("http://127.0.0.1:9001");
    expect(local.tiktok.apiUrl).toBe("http://127.0.0.1:9002");
    expect(local.shopifyAdminOrigin).toBe("http://127.0.0.1:9003");
    expect(() => parseConfig({ AMAZON_CONSENT_URL_JP: "not a url" })).toThrow(/Invalid channel settings/);
  });

  it("CHANNEL_RATE_SCALE (benchmarks only) is 1 unless set, and must be a number above 0", () => {
    expect(parseConfig({}).channelRateScale).toBe(1);
    expect(parseConfig({ CHANNEL_RATE_SCALE: "10" }).channelRateScale).toBe(10);
    expect(() => parseConfig({ CHANNEL_RATE_SCALE: "0" })).toThrow(/CHANNEL_RATE_SCALE/);
    expect(() => parseConfig({ CHANNEL_RATE_SCALE: "fast" })).toThrow(/CHANNEL_RATE_SCALE/);
  });

  it("sync jobs: a 300 s cap, a 30 s heartbeat (0 = off, else ≥ 10, pg-boss's minimum) and a 60 s supervision", () => {
    expect(parseConfig({}).jobs).toEqual({ syncTimeoutSeconds: 300, syncHeartbeatSeconds: 30, superviseIntervalSeconds: 60 });
    expect(parseConfig({ SYNC_JOB_TIMEOUT_SECONDS: "120", SYNC_JOB_HEARTBEAT_SECONDS: "10", JOB_SUPERVISE_INTERVAL_SECONDS: "1" }).jobs).toEqual({
      syncTimeoutSeconds: 120,
      syncHeartbeatSeconds: 10,
      superviseIntervalSeconds: 1,
    });
    expect(parseConfig({ SYNC_JOB_HEARTBEAT_SECONDS: "0" }).jobs.syncHeartbeatSeconds).toBeNull();
    expect(() => parseConfig({ SYNC_JOB_HEARTBEAT_SECONDS: "5" })).toThrow(/SYNC_JOB_HEARTBEAT_SECONDS/);
    expect(() => parseConfig({ SYNC_JOB_TIMEOUT_SECONDS: "0" })).toThrow(/SYNC_JOB_TIMEOUT_SECONDS/);
    expect(() => parseConfig({ JOB_SUPERVISE_INTERVAL_SECONDS: "0" })).toThrow(/JOB_SUPERVISE_INTERVAL_SECONDS/);
  });
});
