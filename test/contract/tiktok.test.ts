// The TikTok Shop connector on its sandbox: the shared Channel contract, then what is TikTok's own —
// OAuth code exchange, request signing, where shop_cipher goes, partial_edit's body, catalogue paging.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { ChannelError, type Channel, type ChannelImage, type ListingRef, type TokenSource } from "../../connectors/channel";
import { authorizeUrl, exchangeCode, listShops, refreshTokens, type TikTokAuthOptions, type TikTokTokens } from "../../connectors/tiktok/auth";
import { createTikTokClient } from "../../connectors/tiktok/client";
import { signedQuery } from "../../connectors/tiktok/sign";
import { parseWebhook, verifyWebhook } from "../../connectors/tiktok/webhook";
import { createTikTokChannel } from "../../connectors/tiktok/tiktok-channel";
import { startTikTokSandbox, type TikTokSandbox } from "../../sandbox/tiktok";
import { channelContract, managedImage } from "./channel.contract";

const ACCOUNT = "tiktok-account-1";

interface Wired {
  sbx: TikTokSandbox;
  auth: TikTokAuthOptions;
  tokens: TokenSource;
  /** What the app would have saved from onCreated: uri → sourceKey. */
  saved: Map<string, string>;
  channel: ReturnType<typeof createTikTokChannel>;
}

/** A fresh sandbox and a connector whose token comes from a real code exchange and refreshes through auth.ts. */
async function wire(opts: { seedProducts?: number } = {}): Promise<Wired> {
  const sbx = await startTikTokSandbox({ seedProducts: opts.seedProducts ?? 0, auditDelayMs: 20 });
  const auth: TikTokAuthOptions = { appKey: sbx.state.opts.appKey, appSecret: sbx.state.opts.appSecret, authBaseUrl: sbx.authUrl };
  let current: TikTokTokens = await exchangeCode(auth, sbx.state.issueAuthCode());
  const tokens: TokenSource = {
    accessToken: async () => current.accessToken,
    refresh: async () => {
      current = await refreshTokens(auth, current.refreshToken);
      return current.accessToken;
    },
  };
  const saved = new Map<string, string>();
  const channel = createTikTokChannel({
    baseUrl: sbx.url,
    appKey: auth.appKey,
    appSecret: auth.appSecret,
    shopCipher: sbx.state.shop.cipher,
    tokens,
    known: { sourceKeyOf: async (uri) => saved.get(uri) ?? null },
  });
  return { sbx, auth, tokens, saved, channel };
}

/** The app's side of DESIGN §6: every upload reported through onCreated is saved before partial_edit. */
function savingUploads(w: Wired): Channel {
  return {
    ...w.channel,
    setImages: (ref, desired, hooks) =>
      w.channel.setImages(ref, desired, {
        ...hooks,
        onCreated: async (p) => {
          if (p.sourceKey) w.saved.set(p.externalRef, p.sourceKey);
          await hooks.onCreated(p);
        },
      }),
  };
}

const listing = (w: Wired): ListingRef => ({ accountId: ACCOUNT, externalId: w.sbx.state.seedProduct({ images: 1 }).id });

channelContract("TikTok Shop on its sandbox", async () => {
  const w = await wire();
  return {
    channel: savingUploads(w),
    newListing: async () => listing(w),
    deleteListing: async (ref) => w.sbx.state.deleteProduct(ref.externalId),
    // TikTok's Retry-After is in whole seconds.
    throttleNextCall: async (ms) => w.sbx.state.throttleNext(1, Math.ceil(ms / 1000)),
    expireToken: async () => w.sbx.state.expireAccessToken(),
    tokenRefreshes: () => w.sbx.state.tokenGrants.refresh,
    urlFor: (sha) => `${w.sbx.url}/img/${sha}.jpg`,
    invalid: () => ({ images: [{ kind: "external", slot: "main", externalRef: "not-there" }], message: /uri is illegal: not-there/ }),
    // TikTok re-hosts: new content is a new upload and a new uri.
    replaceKeepsIdentity: false,
    settle: async () => w.sbx.state.settleAudits(),
    galleryReads: () => w.sbx.state.requests.filter((q) => q.method === "GET" && /^\/product\/202309\/products\/[^/]+$/.test(q.path)).length,
    close: () => w.sbx.close(),
  };
});

const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as ChannelError);

describe("TikTok Shop specifics", () => {
  it("OAuth: consent page → single-use code → tokens with absolute expiries; Deny → auth_denied", async () => {
    const now = 1_700_000_000_000;
    // A fixed clock shows the expiries are timestamps, not durations; only auth endpoints are used here.
    const sbx = await startTikTokSandbox({ now: () => now, seedProducts: 0, redirectUrl: "https://app.example/tiktok/callback" });
    try {
      const auth: TikTokAuthOptions = { appKey: sbx.state.opts.appKey, appSecret: sbx.state.opts.appSecret, authBaseUrl: sbx.authUrl };
      const consent = authorizeUrl({ region: "US", serviceId: sbx.state.opts.serviceId, state: "csrf-1", baseUrl: sbx.authUrl });
      expect(authorizeUrl({ region: "US", serviceId: "7", state: "s" })).toBe("https://services.us.tiktokshop.com/open/authorize?service_id=7&state=s");
      expect(authorizeUrl({ region: "ROW", serviceId: "7", state: "s" })).toBe("https://services.tiktokshop.com/open/authorize?service_id=7&state=s");
      const page = await fetch(consent);
      expect(await page.text()).toContain("Approve");

      const decide = (decision: string) =>
        fetch(`${sbx.authUrl}/open/authorize`, { method: "POST", body: new URLSearchParams({ decision, state: "csrf-1" }), redirect: "manual" });
      const approved = new URL((await decide("approve")).headers.get("location")!);
      expect(approved.origin + approved.pathname).toBe("https://app.example/tiktok/callback");
      expect(approved.searchParams.get("state")).toBe("csrf-1");
      const code = approved.searchParams.get("code")!;

      const tokens = await exchangeCode(auth, code);
      expect(tokens.accessTokenExpiresAt.getTime()).toBe(now + 7 * 24 * 3600 * 1000);
      expect(tokens.refreshTokenExpiresAt.getTime()).toBeGreaterThan(tokens.accessTokenExpiresAt.getTime());
      expect((await failure(exchangeCode(auth, code)))?.kind).toBe("auth"); // single use

      const refreshed = await refreshTokens(auth, tokens.refreshToken);
      expect(refreshed.accessToken).not.toBe(tokens.accessToken);

      const denied = new URL((await decide("deny")).headers.get("location")!);
      expect(denied.searchParams.get("error")).toBe("auth_denied");
      expect(denied.searchParams.get("state")).toBe("csrf-1");
    } finally {
      await sbx.close();
    }
  });

  it("the sandbox refuses a wrong signature (106001), a stale timestamp and an unknown app_key (36009004)", async () => {
    const w = await wire();
    try {
      const { appKey, appSecret } = w.auth;
      const token = await w.tokens.accessToken();
      const path = "/authorization/202309/shops";
      const call = async (query: Record<string, string>) => {
        const res = await fetch(`${w.sbx.url}${path}?${new URLSearchParams(query)}`, { headers: { "x-tts-access-token": token } });
        return ((await res.json()) as { code: number }).code;
      };
      const good = signedQuery({ path, query: {}, appKey, appSecret });
      expect(await call(good)).toBe(0);
      expect(await call({ ...good, sign: good.sign.replace(/^./, (c) => (c === "0" ? "1" : "0")) })).toBe(106001);
      expect(await call({ ...good, sign: good.sign.toUpperCase() })).toBe(106001);
      const stale = Math.floor(Date.now() / 1000) - 301;
      expect(await call(signedQuery({ path, query: {}, appKey, appSecret, timestamp: stale }))).toBe(36009004);
      expect(await call(signedQuery({ path, query: {}, appKey: "other", appSecret }))).toBe(36009004);
      // And the connector's own client gets through, shop cipher included.
      const client = createTikTokClient({ baseUrl: w.sbx.url, appKey, appSecret, tokens: w.tokens });
      expect(await listShops(client, ACCOUNT)).toEqual([expect.objectContaining({ cipher: w.sbx.state.shop.cipher })]);
    } finally {
      await w.sbx.close();
    }
  });

  it("uploads go without shop_cipher (which the sandbox refuses there); partial_edit sends only main_images", async () => {
    const w = await wire();
    try {
      const channel = savingUploads(w);
      const ref = listing(w);
      const [theirs] = (await channel.readImages(ref))!;
      await channel.setImages(ref, [await managedImage({ urlFor: () => "" }, "main", 11), { kind: "external", slot: "pos2", externalRef: theirs!.externalRef }], {
        onCreated: async () => {},
      });
      const uploads = w.sbx.state.requests.filter((r) => r.path.endsWith("/images/upload"));
      expect(uploads).toHaveLength(1);
      expect(uploads[0]!.query.shop_cipher).toBeUndefined();
      expect(uploads[0]!.code).toBe(0);
      const edits = w.sbx.state.requests.filter((r) => r.path.endsWith("/partial_edit"));
      expect(edits).toHaveLength(1);
      expect(edits[0]!.query.shop_cipher).toBe(w.sbx.state.shop.cipher);
      expect(Object.keys(JSON.parse(edits[0]!.body!))).toEqual(["main_images"]);

      // The sandbox enforces it: the same upload with shop_cipher is refused.
      const client = createTikTokClient({ baseUrl: w.sbx.url, ...w.auth, tokens: w.tokens });
      const form = new FormData();
      form.set("data", new Blob([new Uint8Array(10)]), "x.jpg");
      const e = await failure(
        client.call({ method: "POST", path: "/product/202309/images/upload", operation: "t", accountId: ACCOUNT, shopCipher: w.sbx.state.shop.cipher, form, idempotent: false }),
      );
      expect([e?.kind, e?.channelCode]).toEqual(["validation", "36009004"]);
    } finally {
      await w.sbx.close();
    }
  });

  it("the sandbox reads real pixels: a too-small file is refused with TikTok's code and message", async () => {
    const w = await wire();
    try {
      const bytes = await sharp({ create: { width: 200, height: 200, channels: 3, background: "#fff" } }).png().toBuffer();
      const liar = { kind: "managed" as const, slot: "main" as const, sourceKey: "small", url: "", mime: "image/png", width: 1000, height: 1000, open: async () => new Blob([bytes]).stream() };
      const e = await failure(w.channel.setImages(listing(w), [liar], { onCreated: async () => {} }));
      expect([e?.kind, e?.channelCode]).toEqual(["validation", "12052301"]);
      expect(e?.message).toMatch(/200x200 px/);
    } finally {
      await w.sbx.close();
    }
  });

  it("a 5xx is retried for reads; a failed partial_edit is not re-sent", async () => {
    const w = await wire();
    try {
      const ref = listing(w);
      w.sbx.state.fail5xxNext(1);
      expect(await w.channel.readImages(ref)).toHaveLength(1);
      const [theirs] = (await w.channel.readImages(ref))!;
      const desired = [await managedImage({ urlFor: () => "" }, "main", 12), { kind: "external" as const, slot: "pos2" as const, externalRef: theirs!.externalRef }];
      const created: string[] = [];
      // upload succeeds, then partial_edit answers 500
      const before = w.sbx.state.requests.length;
      const origUploads = () => w.sbx.state.requests.slice(before).filter((r) => r.path.endsWith("/images/upload")).length;
      const e = await failure(
        w.channel.setImages(ref, desired, {
          onCreated: async (p) => {
            created.push(p.externalRef);
            w.sbx.state.fail5xxNext(1);
          },
        }),
      );
      expect(e?.kind).toBe("transient");
      expect(origUploads()).toBe(1);
      expect(created).toHaveLength(1); // onCreated came before partial_edit
      expect(w.sbx.state.requests.slice(before).filter((r) => r.path.endsWith("/partial_edit"))).toHaveLength(1);
    } finally {
      await w.sbx.close();
    }
  });

  it("a request that gets no answer times out: a read is retried, a stalled partial_edit is not re-sent", async () => {
    const w = await wire();
    try {
      const ref = listing(w);
      const quick = createTikTokChannel({
        baseUrl: w.sbx.url,
        appKey: w.auth.appKey,
        appSecret: w.auth.appSecret,
        shopCipher: w.sbx.state.shop.cipher,
        tokens: w.tokens,
        http: { timeoutMs: 300, baseDelayMs: 1, maxDelayMs: 1 },
      });
      w.sbx.state.stall.stallNext(1, 5_000);
      expect(await quick.readImages(ref)).toHaveLength(1); // the first GET hung; the retry answered
      const [theirs] = (await quick.readImages(ref))!;
      const desired = [await managedImage({ urlFor: () => "" }, "main", 13), { kind: "external" as const, slot: "pos2" as const, externalRef: theirs!.externalRef }];
      const before = w.sbx.state.requests.length;
      const e = await failure(quick.setImages(ref, desired, { onCreated: async () => w.sbx.state.stall.stallNext(1, 5_000) }));
      expect(e?.kind).toBe("transient");
      expect(e?.channelCode).toBe("TIMEOUT");
      // The stalled partial_edit was never answered, and it was not sent a second time.
      expect(w.sbx.state.requests.slice(before).filter((r) => r.path.endsWith("/partial_edit"))).toHaveLength(0);
    } finally {
      await w.sbx.close();
    }
  });

  it("an unchanged gallery makes no write call at all", async () => {
    const w = await wire();
    try {
      const ref = listing(w);
      const [theirs] = (await w.channel.readImages(ref))!;
      const before = w.sbx.state.requests.length;
      await w.channel.setImages(ref, [{ kind: "external", slot: "main", externalRef: theirs!.externalRef }], { onCreated: async () => {} });
      expect(w.sbx.state.requests.slice(before).map((r) => r.path)).toEqual([`/product/202309/products/${ref.externalId}`]);
    } finally {
      await w.sbx.close();
    }
  });

  it("listListings pages through the seeded catalogue with page_token", async () => {
    const w = await wire({ seedProducts: 240 });
    try {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Awaited<ReturnType<typeof w.channel.listListings>> = await w.channel.listListings(ACCOUNT, { cursor, limit: 100 });
        pages++;
        for (const item of page.items) {
          expect(item.images.length).toBeGreaterThan(0);
          expect(item.skus.length).toBe(1);
          seen.push(item.ref.externalId);
        }
        cursor = page.nextCursor;
      } while (cursor);
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(240);
    } finally {
      await w.sbx.close();
    }
  });

  it("validate(): 1–9 images, main required, no gaps, TikTok's formats and sizes", async () => {
    const w = await wire();
    try {
      const img = (await managedImage({ urlFor: () => "" }, "main", 13)) as Extract<ChannelImage, { kind: "managed" }>;
      const v = w.channel.validate;
      expect(v([img])).toEqual([]);
      expect(v([]).map((p) => p.rule)).toContain("required_slot");
      expect(v([img, { ...img, slot: "pos3" }]).map((p) => p.rule)).toContain("gap");
      expect(v(Array.from({ length: 10 }, (_, i) => ({ ...img, slot: i === 0 ? "main" : (`pos${i + 1}` as const) }))).map((p) => p.rule)).toContain("max_images");
      expect(v([{ ...img, mime: "image/gif" }]).map((p) => p.rule)).toContain("format");
      expect(v([{ ...img, width: 5000 }]).map((p) => p.rule)).toContain("dimensions");
      expect(w.channel.capabilities).toMatchObject({ maxImages: 9, requiredSlots: ["main"], mainPreset: "tiktok.main" });
    } finally {
      await w.sbx.close();
    }
  });

  it("upload rules on real bytes: WEBP accepted, GIF refused (12052304), over 10 MB refused (12052302)", async () => {
    const w = await wire();
    try {
      const client = createTikTokClient({ baseUrl: w.sbx.url, ...w.auth, tokens: w.tokens });
      const upload = (bytes: Buffer) => {
        const form = new FormData();
        form.set("data", new Blob([new Uint8Array(bytes)]), "f");
        form.set("use_case", "MAIN_IMAGE");
        return client.call({ method: "POST", path: "/product/202309/images/upload", operation: "t", accountId: ACCOUNT, form, idempotent: false });
      };
      const img = (w: number) => sharp({ create: { width: w, height: w, channels: 3, background: "#abc" } });
      expect(await upload(await img(600).webp().toBuffer())).toMatchObject({ width: 600, height: 600, use_case: "MAIN_IMAGE" });
      expect((await failure(upload(await img(600).gif().toBuffer())))?.channelCode).toBe("12052304");
      expect((await failure(upload(await img(4001).jpeg().toBuffer())))?.channelCode).toBe("12052302");
      const big = Buffer.concat([await img(600).jpeg().toBuffer(), Buffer.alloc(10 * 1024 * 1024)]);
      expect((await failure(upload(big)))?.channelCode).toBe("12052302");
    } finally {
      await w.sbx.close();
    }
  });

  it("after the audit the sandbox sends a type-5 webhook that the connector's verifier accepts", async () => {
    const received: Array<{ body: string; auth: string | undefined }> = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({ body: Buffer.concat(chunks).toString("utf8"), auth: req.headers.authorization });
        res.end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    const sbx = await startTikTokSandbox({ seedProducts: 0, auditDelayMs: 10_000, webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` });
    try {
      const auth = { appKey: sbx.state.opts.appKey, appSecret: sbx.state.opts.appSecret, authBaseUrl: sbx.authUrl };
      const t = await exchangeCode(auth, sbx.state.issueAuthCode());
      const channel = createTikTokChannel({ baseUrl: sbx.url, ...auth, shopCipher: sbx.state.shop.cipher, tokens: { accessToken: async () => t.accessToken, refresh: async () => t.accessToken } });
      const ref = { accountId: ACCOUNT, externalId: sbx.state.seedProduct({ images: 2 }).id };
      const [a, b] = (await channel.readImages(ref))!;
      const published = await channel.setImages(ref, [{ kind: "external", slot: "main", externalRef: b!.externalRef }, { kind: "external", slot: "pos2", externalRef: a!.externalRef }], { onCreated: async () => {} });
      expect(published.map((p) => p.state)).toEqual(["processing", "processing"]); // in audit
      await sbx.state.settleAudits();
      expect((await channel.readImages(ref))!.map((p) => p.state)).toEqual(["ready", "ready"]);
      expect(received).toHaveLength(1);
      expect(verifyWebhook({ ...auth, rawBody: received[0]!.body, authorization: received[0]!.auth })).toBe(true);
      expect(parseWebhook(received[0]!.body)).toMatchObject({ type: 5, shopId: sbx.state.shop.id, data: { product_id: ref.externalId } });
    } finally {
      await sbx.close();
      await new Promise((r) => receiver.close(r));
    }
  });
});
