import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { constantTimeEqual, isTimestampInWindow, signedQuery, signRequest, verifyRequestSignature } from "./sign";

// Vectors from CHANNELS.md §3.2.
const SECRET = "e59af819cc";
const APP_KEY = "29a39d";
const TS = "1623812664";
const PARTIAL_EDIT_PATH = "/product/202309/products/1729592969712207008/partial_edit";
const PARTIAL_EDIT_BODY = `{"main_images":[{"uri":"tos-maliva-i-o3syd03w52-us/c668cdf70b7f483c94dbe"}]}`;

const hmacHex = (key: string, msg: string) => createHmac("sha256", key).update(msg, "utf8").digest("hex");

describe("signRequest: CHANNELS.md §3.2 vectors", () => {
  it("official doc vector (GET /authorization/202309/shops)", () => {
    expect(signRequest({ path: "/authorization/202309/shops", query: { app_key: APP_KEY, timestamp: TS }, appSecret: SECRET })).toBe(
      "b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8",
    );
  });

  it("EcomPHP ClientTest vector (GET /test-api, foo=bar)", () => {
    expect(signRequest({ path: "/test-api", query: { foo: "bar" }, appSecret: "app_secret" })).toBe(
      "d3cb7fe11ecae942802ceeca67e7cf10120cc12f1517d45fbc1c8cfe5413c80f",
    );
  });

  it("our body vector (POST partial_edit with shop_cipher and JSON body)", () => {
    expect(
      signRequest({
        path: PARTIAL_EDIT_PATH,
        query: { app_key: APP_KEY, shop_cipher: "ROW_xkMbgAAAeVAQra0eZWebFQq5aIK", timestamp: TS },
        body: PARTIAL_EDIT_BODY,
        contentType: "application/json",
        appSecret: SECRET,
      }),
    ).toBe("b5194a2d5bce41937d8d128765e631f8ee14769a206f1dd98977909e5e817c59");
  });

  it("multipart upload vector (POST /product/202309/images/upload, body ignored)", () => {
    expect(
      signRequest({
        path: "/product/202309/images/upload",
        query: { app_key: APP_KEY, timestamp: TS },
        body: "--x\r\nContent-Disposition: form-data; name=\"use_case\"\r\n\r\nMAIN_IMAGE\r\n--x--\r\n",
        contentType: "multipart/form-data; boundary=x",
        appSecret: SECRET,
      }),
    ).toBe("2f292aaeecc6a6ce8c7240771265c3342b343f27ef91271fe72a9452d74fa844");
  });
});

describe("signRequest: rules", () => {
  it("sorts keys by byte order, not locale", () => {
    const query = { a: "1", B: "2", _x: "3" };
    // Byte order: "B" (0x42) < "_" (0x5F) < "a" (0x61); localeCompare would put "_x" first and "a" before "B".
    const expected = hmacHex("s", "s/pB2_x3a1s");
    expect(signRequest({ path: "/p", query, appSecret: "s" })).toBe(expected);
    // Insertion order of the record does not matter.
    expect(signRequest({ path: "/p", query: { _x: "3", a: "1", B: "2" }, appSecret: "s" })).toBe(expected);
  });

  it("sorts non-ASCII keys by UTF-8 bytes", () => {
    // U+FF21 (EF BC A1) sorts before U+1F600 (F0 9F 98 80) in UTF-8, after it in UTF-16 code units.
    const query = { "\u{1F600}": "1", "\uFF21": "2" };
    expect(signRequest({ path: "/p", query, appSecret: "s" })).toBe(hmacHex("s", "s/p\uFF212\u{1F600}1s"));
  });

  it("excludes sign, access_token and x-tts-access-token", () => {
    const base = signRequest({ path: "/authorization/202309/shops", query: { app_key: APP_KEY, timestamp: TS }, appSecret: SECRET });
    const withExtras = signRequest({
      path: "/authorization/202309/shops",
      query: { app_key: APP_KEY, timestamp: TS, sign: "deadbeef", access_token: "tok", "x-tts-access-token": "tok" },
      appSecret: SECRET,
    });
    expect(withExtras).toBe(base);
  });

  it("a JSON body changes the signature, and is signed byte for byte", () => {
    const args = { path: PARTIAL_EDIT_PATH, query: { app_key: APP_KEY, timestamp: TS }, contentType: "application/json", appSecret: SECRET };
    const noBody = signRequest(args);
    const withBody = signRequest({ ...args, body: `{"a":1}` });
    const spaced = signRequest({ ...args, body: `{"a": 1}` });
    expect(withBody).not.toBe(noBody);
    expect(spaced).not.toBe(withBody);
    expect(withBody).toBe(hmacHex(SECRET, `${SECRET}${PARTIAL_EDIT_PATH}app_key${APP_KEY}timestamp${TS}{"a":1}${SECRET}`));
  });

  it("signs the body when no content type is given", () => {
    const args = { path: "/p", query: {}, appSecret: "s" };
    expect(signRequest({ ...args, body: "x" })).toBe(hmacHex("s", "s/pxs"));
  });

  it("ignores the body for multipart/form-data, case-insensitively and with parameters", () => {
    const args = { path: "/product/202309/images/upload", query: { app_key: APP_KEY, timestamp: TS }, appSecret: SECRET };
    const expected = "2f292aaeecc6a6ce8c7240771265c3342b343f27ef91271fe72a9452d74fa844";
    for (const contentType of ["multipart/form-data", "multipart/form-data; boundary=----abc123", "Multipart/Form-Data;boundary=z", " MULTIPART/FORM-DATA ; charset=utf-8"]) {
      expect(signRequest({ ...args, body: "any bytes at all", contentType })).toBe(expected);
    }
    // Other multipart subtypes and look-alikes are not exempt.
    expect(signRequest({ ...args, body: "x", contentType: "multipart/mixed; boundary=z" })).not.toBe(expected);
    expect(signRequest({ ...args, body: "x", contentType: "application/json; note=multipart/form-data" })).not.toBe(expected);
  });

  it("returns lower-case hex", () => {
    expect(signRequest({ path: "/p", query: { k: "v" }, appSecret: "s" })).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("signedQuery", () => {
  it("adds app_key, timestamp and sign, reproducing the body vector", () => {
    const q = signedQuery({
      path: PARTIAL_EDIT_PATH,
      query: { shop_cipher: "ROW_xkMbgAAAeVAQra0eZWebFQq5aIK" },
      body: PARTIAL_EDIT_BODY,
      contentType: "application/json",
      appKey: APP_KEY,
      appSecret: SECRET,
      timestamp: 1623812664,
    });
    expect(q).toEqual({
      shop_cipher: "ROW_xkMbgAAAeVAQra0eZWebFQq5aIK",
      app_key: APP_KEY,
      timestamp: TS,
      sign: "b5194a2d5bce41937d8d128765e631f8ee14769a206f1dd98977909e5e817c59",
    });
  });

  it("replaces a stale sign and overrides app_key/timestamp", () => {
    const q = signedQuery({
      path: "/authorization/202309/shops",
      query: { sign: "stale", app_key: "other", timestamp: "1" },
      appKey: APP_KEY,
      appSecret: SECRET,
      timestamp: 1623812664,
    });
    expect(q).toEqual({ app_key: APP_KEY, timestamp: TS, sign: "b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8" });
  });

  it("defaults the timestamp to now in seconds and verifies", () => {
    const before = Math.floor(Date.now() / 1000);
    const q = signedQuery({ path: "/p", query: {}, appKey: APP_KEY, appSecret: SECRET });
    expect(q.timestamp).toMatch(/^\d{10}$/);
    expect(Number(q.timestamp)).toBeGreaterThanOrEqual(before);
    expect(isTimestampInWindow(q.timestamp)).toBe(true);
    expect(verifyRequestSignature({ path: "/p", query: q, appSecret: SECRET })).toBe(true);
  });

  it("rejects millisecond or fractional timestamps", () => {
    const args = { path: "/p", query: {}, appKey: APP_KEY, appSecret: SECRET };
    expect(() => signedQuery({ ...args, timestamp: 1623812664000 })).toThrow(RangeError);
    expect(() => signedQuery({ ...args, timestamp: 1623812664.5 })).toThrow(RangeError);
  });
});

describe("verifyRequestSignature", () => {
  const args = { path: "/authorization/202309/shops", query: { app_key: APP_KEY, timestamp: TS }, appSecret: SECRET };
  const good = "b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8";

  it("accepts the right signature, from query.sign or explicitly", () => {
    expect(verifyRequestSignature({ ...args, query: { ...args.query, sign: good } })).toBe(true);
    expect(verifyRequestSignature({ ...args, signature: good })).toBe(true);
  });

  it("rejects a flipped character", () => {
    const flipped = (good[0] === "b" ? "c" : "b") + good.slice(1);
    expect(verifyRequestSignature({ ...args, signature: flipped })).toBe(false);
    expect(verifyRequestSignature({ ...args, signature: good.slice(0, -1) + "9" })).toBe(false);
  });

  it("rejects a different length without throwing", () => {
    expect(verifyRequestSignature({ ...args, signature: good.slice(0, -1) })).toBe(false);
    expect(verifyRequestSignature({ ...args, signature: good + "0" })).toBe(false);
    expect(verifyRequestSignature({ ...args, signature: "" })).toBe(false);
  });

  it("rejects a missing sign", () => {
    expect(verifyRequestSignature(args)).toBe(false);
  });

  it("is exact about case", () => {
    expect(verifyRequestSignature({ ...args, signature: good.toUpperCase() })).toBe(false);
  });

  it("rejects when a signed parameter or the body was tampered with", () => {
    expect(verifyRequestSignature({ ...args, query: { ...args.query, timestamp: "1623812665" }, signature: good })).toBe(false);
    expect(verifyRequestSignature({ ...args, body: "{}", contentType: "application/json", signature: good })).toBe(false);
  });
});

describe("constantTimeEqual", () => {
  it("compares equal-length strings and returns false on length mismatch", () => {
    expect(constantTimeEqual("abc", "abc")).toBe(true);
    expect(constantTimeEqual("abc", "abd")).toBe(false);
    expect(constantTimeEqual("abc", "abcd")).toBe(false);
    expect(constantTimeEqual("", "")).toBe(true);
  });
});

describe("isTimestampInWindow", () => {
  const now = 1623812664;

  it("accepts now − 300 s through now + 30 s, edges included", () => {
    expect(isTimestampInWindow(now, now)).toBe(true);
    expect(isTimestampInWindow(now - 300, now)).toBe(true);
    expect(isTimestampInWindow(now + 30, now)).toBe(true);
    expect(isTimestampInWindow(String(now - 300), now)).toBe(true);
  });

  it("rejects just outside the window", () => {
    expect(isTimestampInWindow(now - 301, now)).toBe(false);
    expect(isTimestampInWindow(now + 31, now)).toBe(false);
    expect(isTimestampInWindow(String(now + 31), now)).toBe(false);
  });

  it("rejects anything but 10-digit seconds", () => {
    expect(isTimestampInWindow(now * 1000, now)).toBe(false);
    expect(isTimestampInWindow("1623812664.0", now)).toBe(false);
    expect(isTimestampInWindow(" 1623812664", now)).toBe(false);
    expect(isTimestampInWindow("", now)).toBe(false);
    expect(isTimestampInWindow("abc", now)).toBe(false);
  });
});
