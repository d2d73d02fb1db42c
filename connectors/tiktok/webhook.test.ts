import { describe, expect, it } from "vitest";
import { ChannelError } from "../channel";
import { parseWebhook, signWebhook, verifyWebhook } from "./webhook";

// Vector from CHANNELS.md §3.2.
const SECRET = "e59af819cc";
const APP_KEY = "29a39d";
const BODY = `{"type":5,"shop_id":"7494049642642441621","timestamp":1623812664,"data":{"product_id":"1729592969712207008","status":"PRODUCT_AUDIT_SUCCESS"}}`;
const SIG = "bdf5a78f40f0f4438c5acfc14bb3aa58f526ef48f9a0c35e88d4ab3d83f34535";

describe("verifyWebhook", () => {
  it("reproduces the CHANNELS.md webhook vector", () => {
    expect(signWebhook({ appKey: APP_KEY, appSecret: SECRET, rawBody: BODY })).toBe(SIG);
    expect(verifyWebhook({ appKey: APP_KEY, appSecret: SECRET, rawBody: BODY, authorization: SIG })).toBe(true);
  });

  it("accepts the raw body as bytes", () => {
    expect(verifyWebhook({ appKey: APP_KEY, appSecret: SECRET, rawBody: new TextEncoder().encode(BODY), authorization: SIG })).toBe(true);
  });

  it("rejects a tampered body", () => {
    const tampered = BODY.replace("PRODUCT_AUDIT_SUCCESS", "PRODUCT_AUDIT_FAILURE");
    expect(verifyWebhook({ appKey: APP_KEY, appSecret: SECRET, rawBody: tampered, authorization: SIG })).toBe(false);
    // Re-serialising changes the bytes, so it must not verify either.
    const reformatted = JSON.stringify(JSON.parse(BODY), null, 1);
    expect(verifyWebhook({ appKey: APP_KEY, appSecret: SECRET, rawBody: reformatted, authorization: SIG })).toBe(false);
  });

  it("rejects the wrong app key or secret", () => {
    expect(verifyWebhook({ appKey: "other", appSecret: SECRET, rawBody: BODY, authorization: SIG })).toBe(false);
    expect(verifyWebhook({ appKey: APP_KEY, appSecret: "other", rawBody: BODY, authorization: SIG })).toBe(false);
  });

  it("rejects a flipped, truncated, over-long or missing signature", () => {
    const flipped = SIG.slice(0, 10) + (SIG[10] === "0" ? "1" : "0") + SIG.slice(11);
    for (const authorization of [flipped, SIG.slice(0, -1), SIG + "0", SIG.toUpperCase(), "", null, undefined]) {
      expect(verifyWebhook({ appKey: APP_KEY, appSecret: SECRET, rawBody: BODY, authorization })).toBe(false);
    }
  });
});

describe("parseWebhook", () => {
  it("parses the vector body", () => {
    expect(parseWebhook(BODY)).toEqual({
      type: 5,
      shopId: "7494049642642441621",
      timestamp: 1623812664,
      data: { product_id: "1729592969712207008", status: "PRODUCT_AUDIT_SUCCESS" },
    });
    expect(parseWebhook(new TextEncoder().encode(BODY)).shopId).toBe("7494049642642441621");
  });

  it("keeps a null data", () => {
    expect(parseWebhook(`{"type":6,"shop_id":"1","timestamp":1,"data":null}`).data).toBeNull();
  });

  const bad: Array<[string, string | Uint8Array]> = [
    ["malformed JSON", `{"type":5,`],
    ["empty body", ""],
    ["not UTF-8", new Uint8Array([0x7b, 0xff, 0x7d])],
    ["an array", "[]"],
    ["null", "null"],
    ["missing type", `{"shop_id":"1","timestamp":1,"data":{}}`],
    ["string type", `{"type":"5","shop_id":"1","timestamp":1,"data":{}}`],
    ["fractional type", `{"type":5.5,"shop_id":"1","timestamp":1,"data":{}}`],
    ["missing shop_id", `{"type":5,"timestamp":1,"data":{}}`],
    ["numeric shop_id", `{"type":5,"shop_id":1,"timestamp":1,"data":{}}`],
    ["empty shop_id", `{"type":5,"shop_id":"","timestamp":1,"data":{}}`],
    ["missing timestamp", `{"type":5,"shop_id":"1","data":{}}`],
    ["string timestamp", `{"type":5,"shop_id":"1","timestamp":"1","data":{}}`],
    ["missing data", `{"type":5,"shop_id":"1","timestamp":1}`],
  ];
  it.each(bad)("throws ChannelError('validation') on %s", (_name, body) => {
    let caught: unknown;
    try {
      parseWebhook(body);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ChannelError);
    expect((caught as ChannelError).kind).toBe("validation");
  });
});
