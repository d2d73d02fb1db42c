// The Amazon connector keeps the Channel contract on the Amazon sandbox, plus Amazon's own behaviour:
// LWA, model-checked PATCH bodies, asynchronous image checks, usage plans, catalogue paging, sellers.
import { createHash, randomUUID } from "node:crypto";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { ChannelError, type ListingRef } from "../../connectors/channel";
import { createAmazonChannel, createLwaClient, getMarketplaceParticipations, lwaTokenSource, buildConsentUrl } from "../../connectors/amazon";
import { TokenBucketLimiter } from "../../connectors/http";
import { startAmazonSandbox, startMediaHost, type AmazonSandbox, type MediaHost } from "../../sandbox/amazon";
import { channelContract, managedImage } from "./channel.contract";

const ACCOUNT = "acct-amazon-1";

interface Rig {
  sandbox: AmazonSandbox;
  media: MediaHost;
  tokens: ReturnType<typeof lwaTokenSource>;
  channel: ReturnType<typeof createAmazonChannel>;
  close(): Promise<void>;
}

/** A fresh sandbox, a media host it can pull from, and a connector authorised through LWA. */
async function rig(opts: { limiter?: TokenBucketLimiter; seedListings?: number } = {}): Promise<Rig> {
  const sandbox = await startAmazonSandbox({ seedListings: opts.seedListings ?? 0 });
  const media = await startMediaHost();
  const { clientId, clientSecret, redirectUris, sellerId } = sandbox.state.opts;
  const lwa = createLwaClient({ clientId, clientSecret, tokenUrl: sandbox.lwaUrl });
  const grant = await lwa.exchangeCode(sandbox.state.authorizationCode(), redirectUris[0]!);
  const tokens = lwaTokenSource(lwa, grant.refreshToken, { initial: grant });
  const channel = createAmazonChannel({ baseUrl: sandbox.url, sellerId, tokens, limiter: opts.limiter, mediaBaseUrls: [media.baseUrl] });
  return {
    sandbox,
    media,
    tokens,
    channel,
    close: async () => {
      await sandbox.close();
      await media.close();
    },
  };
}

const newRef = (r: Rig): ListingRef => {
  const sku = `SKU-${randomUUID().slice(0, 8)}`;
  r.sandbox.state.createListing(sku, { externalImages: 1 });
  return { accountId: ACCOUNT, externalId: sku, marketplaceId: r.sandbox.state.opts.marketplaceId };
};

channelContract("Amazon on its sandbox", async () => {
  const r = await rig();
  return {
    channel: r.channel,
    newListing: async () => newRef(r),
    deleteListing: async (ref) => r.sandbox.state.deleteListing(ref.externalId),
    throttleNextCall: async () => r.sandbox.state.throttleNext(1),
    expireToken: async () => r.sandbox.state.expireAccessToken(),
    tokenRefreshes: () => r.tokens.refreshes(),
    urlFor: (sha) => r.media.urlFor(sha),
    host: (sha, bytes) => r.media.put(sha, bytes),
    // Amazon checks media_location when the PATCH arrives: not a URL → INVALID with its issue message.
    invalid: () => ({ images: [{ kind: "external", slot: "main", externalRef: "not-a-url" }], message: /media_location 'not-a-url' is not a valid URL/ }),
    replaceKeepsIdentity: false,
    settle: () => r.sandbox.state.idle(),
    galleryReads: () => r.sandbox.state.requests.filter((q) => q.operation === "getListingsItem").length,
    close: r.close,
  };
});

describe("Amazon connector and sandbox", () => {
  let current: Rig | null = null;
  const open = async (opts?: Parameters<typeof rig>[0]) => (current = await rig(opts));
  afterEach(async () => {
    await current?.close();
    current = null;
  });

  it("consent → code → tokens: the code is single-use and the refresh token keeps working", async () => {
    const r = await open();
    const { applicationId, clientId, clientSecret, redirectUris, sellerId } = r.sandbox.state.opts;
    const page = await fetch(buildConsentUrl({ consentUrl: r.sandbox.consentUrl, applicationId, state: "csrf-1", draft: true }));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Approve");
    const approve = await fetch(`${r.sandbox.url}/apps/authorize/confirm`, {
      method: "POST",
      body: new URLSearchParams({ state: "csrf-1", redirect_uri: redirectUris[0]!, decision: "approve" }),
      redirect: "manual",
    });
    expect(approve.status).toBe(302);
    const back = new URL(approve.headers.get("location")!);
    expect(back.searchParams.get("state")).toBe("csrf-1");
    expect(back.searchParams.get("selling_partner_id")).toBe(sellerId);
    const code = back.searchParams.get("spapi_oauth_code")!;

    const lwa = createLwaClient({ clientId, clientSecret, tokenUrl: r.sandbox.lwaUrl });
    const grant = await lwa.exchangeCode(code, redirectUris[0]!);
    expect(grant.accessToken).toMatch(/^Atza\|/);
    expect(grant.refreshToken).toMatch(/^Atzr\|/);
    expect(grant.expiresAt - Date.now()).toBeGreaterThan(3500_000);
    const again = await lwa.exchangeCode(code, redirectUris[0]!).then(() => null, (e: unknown) => e);
    expect((again as ChannelError).kind).toBe("auth");
    expect((again as ChannelError).channelCode).toBe("invalid_grant");
    const refreshed = await lwa.refresh(grant.refreshToken);
    expect(refreshed.accessToken).not.toBe(grant.accessToken);

    const deny = await fetch(`${r.sandbox.url}/apps/authorize/confirm`, {
      method: "POST",
      body: new URLSearchParams({ state: "csrf-2", redirect_uri: redirectUris[0]!, decision: "deny" }),
      redirect: "manual",
    });
    const denied = new URL(deny.headers.get("location")!);
    expect(denied.searchParams.get("error")).toBe("access_denied");
    expect(denied.searchParams.has("spapi_oauth_code")).toBe(false);
    const wrongSecret = await createLwaClient({ clientId, clientSecret: "nope", tokenUrl: r.sandbox.lwaUrl }).refresh(grant.refreshToken).then(() => null, (e: unknown) => e);
    expect((wrongSecret as ChannelError).channelCode).toBe("invalid_client");
  });

  it("readImagesMany reads 25 listings in two searchListingsItems calls, each gallery as readImages shows it; a gone SKU is null", async () => {
    const r = await open();
    const refs = Array.from({ length: 25 }, () => newRef(r));
    const img = await managedImage({ urlFor: (sha) => r.media.urlFor(sha), host: (sha, b) => r.media.put(sha, b) }, "main", 5);
    r.sandbox.state.setProcessingDelay(3000);
    await r.channel.setImages(refs[3]!, [img], { onCreated: async () => {} }); // one still processing
    r.sandbox.state.deleteListing(refs[7]!.externalId);
    const mark = r.sandbox.state.requests.length;
    const many = await r.channel.readImagesMany!(refs);
    const calls = r.sandbox.state.requests.slice(mark);
    expect(calls.map((c) => c.operation)).toEqual(["searchListingsItems", "searchListingsItems"]);
    expect(many.size).toBe(25);
    expect(many.get(refs[7]!.externalId)).toBeNull();
    expect(many.get(refs[3]!.externalId)![0]).toMatchObject({ slot: "main", state: "processing" }); // submitted, not shown yet
    for (const ref of refs) {
      if (ref === refs[7] || ref === refs[3]) continue; // refs[3] may finish processing between the two reads
      expect(many.get(ref.externalId)).toEqual(await r.channel.readImages(ref));
    }
    await r.sandbox.state.idle();
    const after = await r.channel.readImagesMany!([refs[3]!]);
    expect(after.get(refs[3]!.externalId)![0]).toMatchObject({ slot: "main", sourceKey: (img as { sourceKey: string }).sourceKey, state: "ready" });
  });

  it("an access token past its hour is refused with Amazon's expired-token error", async () => {
    const r = await open();
    const token = await r.tokens.accessToken();
    r.sandbox.state.advanceTime(3601_000);
    const res = await fetch(`${r.sandbox.url}/listings/2021-08-01/items/${r.sandbox.state.opts.sellerId}/X?marketplaceIds=ATVPDKIKX0DER`, { headers: { "x-amz-access-token": token } });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ errors: [{ code: "Unauthorized", message: "The access token you provided has expired.", details: "" }] });
  });

  it("a PATCH body that breaks the model's ListingsItemPatchRequest is refused with 400 and an ErrorList", async () => {
    const r = await open();
    const ref = newRef(r);
    const token = await r.tokens.accessToken();
    const url = `${r.sandbox.url}/listings/2021-08-01/items/${r.sandbox.state.opts.sellerId}/${ref.externalId}?marketplaceIds=ATVPDKIKX0DER`;
    // patchListingsItem allows 5/s with a burst of 5, and the usage plan is checked before the body.
    const send = async (body: unknown) => (await new Promise((r) => setTimeout(r, 210)), fetch(url, { method: "PATCH", headers: { "x-amz-access-token": token, "content-type": "application/json" }, body: JSON.stringify(body) }));
    for (const bad of [
      { patches: [{ op: "replace", path: "/attributes/main_product_image_locator", value: [] }] }, // no productType
      { productType: "SHIRT", patches: [] }, // minItems 1
      { productType: "SHIRT", patches: [{ op: "move", path: "/attributes/x", value: [] }] }, // op enum
      { productType: "SHIRT", patches: [{ op: "replace", path: "/attributes/x", value: "a string" }] }, // value is an array
    ]) {
      const res = await send(bad);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { errors: Array<{ code: string; message: string; details: string }> };
      expect(body.errors[0]!.code).toBe("InvalidInput");
      expect(body.errors[0]!.details).not.toBe("");
    }
    const nested = await send({ productType: "SHIRT", patches: [{ op: "replace", path: "/attributes/x/0/value", value: [{}] }] });
    expect(nested.status).toBe(400);
    const ok = await send({ productType: "SHIRT", patches: [{ op: "delete", path: "/attributes/other_product_image_locator_5", value: [{ marketplace_id: "ATVPDKIKX0DER" }] }] });
    expect(((await ok.json()) as { status: string }).status).toBe("ACCEPTED");
  });

  it("a too-small image is ACCEPTED, then fails Amazon's check: readImages reports the issue on its slot", async () => {
    const r = await open();
    const ref = newRef(r);
    const small = await sharp({ create: { width: 300, height: 200, channels: 3, background: "#ffffff" } }).jpeg().toBuffer();
    const sha = createHash("sha256").update(small).digest("hex");
    r.media.put(sha, small);
    const main = await managedImage({ urlFor: (s) => r.media.urlFor(s), host: (s, b) => r.media.put(s, b) }, "main", 11);
    r.sandbox.state.setProcessingDelay(50);
    const created: string[] = [];
    const out = await r.channel.setImages(
      ref,
      [main, { kind: "managed", slot: "pos2", sourceKey: sha, url: r.media.urlFor(sha), mime: "image/jpeg", width: 300, height: 200, open: async () => new Blob([small]).stream() }],
      { onCreated: async (p) => void created.push(p.sourceKey!) },
    );
    expect(out.map((p) => p.state)).toEqual(["processing", "processing"]);
    expect(created).toHaveLength(2);
    expect((await r.channel.readImages(ref))![0]!.state).toBe("processing"); // not processed yet
    await r.sandbox.state.idle();
    const read = (await r.channel.readImages(ref))!;
    expect(read.map((p) => [p.slot, p.state])).toEqual([
      ["main", "ready"],
      ["pos2", "failed"],
    ]);
    expect(read[1]!.sourceKey).toBe(sha);
    expect(read[1]!.issues[0]).toMatchObject({ code: "IMAGE_TOO_SMALL", severity: "error", slot: "pos2" });
    expect(read[1]!.issues[0]!.message).toMatch(/300x200 px/);
  });

  it("while Amazon is still processing, the same setImages sends no second PATCH and reads as processing", async () => {
    const r = await open();
    const ref = newRef(r);
    r.sandbox.state.setProcessingDelay(100);
    const main = await managedImage({ urlFor: (s) => r.media.urlFor(s), host: (s, b) => r.media.put(s, b) }, "main", 13);
    await r.channel.setImages(ref, [main], { onCreated: async () => {} });
    let created = 0;
    const again = await r.channel.setImages(ref, [main], { onCreated: async () => void created++ });
    expect(created).toBe(0);
    expect(again.map((p) => p.state)).toEqual(["processing"]);
    expect(r.sandbox.state.requests.filter((q) => q.operation === "patchListingsItem")).toHaveLength(1);
    await r.sandbox.state.idle();
    const [shown] = (await r.channel.readImages(ref))!;
    expect(shown).toMatchObject({ externalRef: (main as { url: string }).url, state: "ready", issues: [] });
    expect(r.sandbox.state.ingestion.errors).toEqual([]);
  });

  it("a MAIN image without a white background is flagged", async () => {
    const r = await open();
    const ref = newRef(r);
    const red = await sharp({ create: { width: 800, height: 800, channels: 3, background: "#cc2222" } }).png().toBuffer();
    const sha = createHash("sha256").update(red).digest("hex");
    r.media.put(sha, red, "image/png", "png");
    const url = r.media.urlFor(sha, "png");
    await r.channel.setImages(ref, [{ kind: "managed", slot: "main", sourceKey: sha, url, mime: "image/png", width: 800, height: 800, open: async () => new Blob([red]).stream() }], { onCreated: async () => {} });
    await r.sandbox.state.idle();
    const [main] = (await r.channel.readImages(ref))!;
    expect(main).toMatchObject({ slot: "main", externalRef: url, sourceKey: sha, state: "failed" });
    expect(main!.issues[0]!.code).toBe("MAIN_IMAGE_BACKGROUND");
  });

  it("429 from the usage plan becomes `throttled`, and the answer carries x-amzn-RateLimit-Limit", async () => {
    // A limiter far above Amazon's plan, so the sandbox's bucket (getListingsItem: 5/s, burst 10) is what stops us.
    const r = await open({ limiter: new TokenBucketLimiter({ limits: {}, fallback: { rate: 1000, burst: 1000 } }) });
    const ref = newRef(r);
    const results = await Promise.all(Array.from({ length: 30 }, () => r.channel.readImages(ref).then(() => null, (e: unknown) => e)));
    const throttled = results.filter((e): e is ChannelError => e instanceof ChannelError && e.kind === "throttled");
    expect(throttled.length).toBeGreaterThanOrEqual(5);
    expect(throttled[0]!.retryAfterMs).toBeGreaterThan(0);
    const last429 = r.sandbox.state.requests.filter((q) => q.status === 429);
    expect(last429.every((q) => q.operation === "getListingsItem")).toBe(true);
    const token = await r.tokens.accessToken();
    const res = await fetch(`${r.sandbox.url}/listings/2021-08-01/items/${r.sandbox.state.opts.sellerId}/${ref.externalId}?marketplaceIds=ATVPDKIKX0DER`, { headers: { "x-amz-access-token": token } });
    expect(res.status).toBe(429);
    expect(res.headers.get("x-amzn-RateLimit-Limit")).toBe("5");
    expect(((await res.json()) as { errors: Array<{ code: string }> }).errors[0]!.code).toBe("QuotaExceeded");
  });

  it("the connector's own limiter keeps a burst under Amazon's plan (no 429)", async () => {
    const r = await open();
    const ref = newRef(r);
    await Promise.all(Array.from({ length: 14 }, () => r.channel.readImages(ref)));
    expect(r.sandbox.state.requests.filter((q) => q.status === 429)).toHaveLength(0);
  });

  it("5xx: a GET is retried, a PATCH is not re-sent and fails `transient`", async () => {
    const r = await open();
    const ref = newRef(r);
    r.sandbox.state.fail5xxNext(1);
    expect(await r.channel.readImages(ref)).not.toBeNull();
    const main = await managedImage({ urlFor: (s) => r.media.urlFor(s), host: (s, b) => r.media.put(s, b) }, "main", 12);
    const patchesBefore = r.sandbox.state.requests.filter((q) => q.operation === "patchListingsItem").length;
    r.sandbox.state.fail5xxNext(1, "patchListingsItem");
    const e = await r.channel.setImages(ref, [main], { onCreated: async () => {} }).then(() => null, (x: unknown) => x);
    expect((e as ChannelError).kind).toBe("transient");
    expect(r.sandbox.state.requests.filter((q) => q.operation === "patchListingsItem").length).toBe(patchesBefore + 1);
  });

  it("listListings pages through the seeded catalogue with Amazon's pageToken", async () => {
    const r = await open({ seedListings: 300 });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof r.channel.listListings>> = await r.channel.listListings(ACCOUNT, { cursor, limit: 50 });
      expect(page.items.length).toBeLessThanOrEqual(20);
      seen.push(...page.items.map((i) => i.ref.externalId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(15);
    expect(new Set(seen).size).toBe(300);
    const first = (await r.channel.listListings(ACCOUNT, { cursor: null, limit: 5 })).items[0]!;
    expect(first).toMatchObject({ ref: { accountId: ACCOUNT, externalId: "SEED-0001", productType: "SHIRT" }, title: "Seeded product 1", skus: ["SEED-0001"], status: "BUYABLE,DISCOVERABLE" });
    expect(first.images).toHaveLength(1);
  });

  it("getMarketplaceParticipations lists the seller's marketplaces", async () => {
    const r = await open();
    const list = await getMarketplaceParticipations({ baseUrl: r.sandbox.url, tokens: r.tokens, accountId: ACCOUNT });
    expect(list).toEqual([
      expect.objectContaining({ marketplace: expect.objectContaining({ id: "ATVPDKIKX0DER", countryCode: "US" }), participation: { isParticipating: true, hasSuspendedListings: false } }),
    ]);
  });

  it("validate(): at most 9 images in main..pos9, MAIN required", async () => {
    const r = await open();
    const ext = (slot: `pos${number}` | "main") => ({ kind: "external" as const, slot, externalRef: `https://m.media-amazon.com/images/I/${slot}.jpg` });
    expect(r.channel.validate([ext("main"), ext("pos9")])).toEqual([]);
    expect(r.channel.validate([ext("main"), ext("pos10")]).map((p) => p.rule)).toEqual(["slot"]);
    expect(r.channel.validate(Array.from({ length: 10 }, (_, i) => ext(i === 0 ? "main" : `pos${i + 1}`))).map((p) => p.rule)).toContain("max_images");
    expect(r.channel.capabilities.mainPreset).toBe("amazon.main");
  });
});
