// The Shopify connector on the Shopify sandbox: the shared Channel contract, then what is Shopify's own
// (schema validation, the cost bucket, replace keeping the media id, staged uploads, catalogue import).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { buildSchema, parse, validate } from "graphql";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ChannelError, type ChannelImage, type ListingRef, type PublishedImage } from "../../connectors/channel";
import { ShopifyCostBuckets } from "../../connectors/http/cost-bucket";
import { createShopifyChannel, DOCUMENTS, type ShopifyChannelOptions, type ShopifyGraphql } from "../../connectors/shopify";
import { ESTIMATED_COST } from "../../connectors/shopify/documents";
import { adminSchema, SHOPIFY_SPECS_DIR, startShopifySandbox, type ShopifySandbox, type ShopifySandboxOptions } from "../../sandbox/shopify";
import { channelContract, managedImage, type ContractSubject } from "./channel.contract";

const VERSION = "2025-01";

/** A tiny public image host: what Shopify fetches originalSource URLs from. */
async function startImageHost() {
  const files = new Map<string, Buffer>();
  const server: Server = createServer((req, res) => {
    const bytes = files.get((req.url ?? "").slice(1));
    if (!bytes) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "image/jpeg", "content-length": bytes.length }).end(bytes);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    urlFor: (sha: string) => `${base}/${sha}.jpg`,
    host: (sha: string, bytes: Buffer) => void files.set(`${sha}.jpg`, bytes),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/**
 * What the Shopify library does for the app (DESIGN §6): sends with X-Shopify-Access-Token and, when
 * Shopify answers 401, refreshes once through /admin/oauth/access_token and sends again.
 */
function appGraphql(sb: ShopifySandbox) {
  let token = sb.state.accessToken;
  let refreshToken = sb.state.refreshToken;
  let refreshes = 0;
  const send = (query: string, variables: Record<string, unknown> | undefined) =>
    fetch(`${sb.url}/admin/api/${VERSION}/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": token },
      body: JSON.stringify({ query, variables }),
    });
  const graphql: ShopifyGraphql = async (query, variables) => {
    let res = await send(query, variables);
    if (res.status === 401) {
      const r = await fetch(`${sb.url}/admin/oauth/access_token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ client_id: sb.state.clientId, client_secret: sb.state.clientSecret, grant_type: "refresh_token", refresh_token: refreshToken }),
      });
      const issued = (await r.json()) as { access_token: string; refresh_token: string };
      refreshes++;
      token = issued.access_token;
      refreshToken = issued.refresh_token;
      res = await send(query, variables);
    }
    if (res.status !== 200 && res.status !== 429) throw Object.assign(new Error(`HTTP ${res.status}`), { status: res.status });
    return (await res.json()) as Awaited<ReturnType<ShopifyGraphql>>;
  };
  return { graphql, refreshes: () => refreshes };
}

async function makeSubject(options: Partial<ShopifyChannelOptions> = {}, sandbox: ShopifySandboxOptions = {}) {
  const sb = await startShopifySandbox({ processingMs: 10, ...sandbox });
  const host = await startImageHost();
  const app = appGraphql(sb);
  const channel = createShopifyChannel({ graphql: app.graphql, shop: sb.state.shop, costBuckets: new ShopifyCostBuckets(), pollIntervalMs: 15, publicUrl: () => true, ...options });
  const notImage = "e".repeat(64);
  const subject: ContractSubject = {
    channel,
    newListing: async () => ({ accountId: "shopify-test", externalId: sb.state.createProduct({ images: 1 }).id }),
    deleteListing: async (ref) => sb.state.deleteProduct(ref.externalId),
    throttleNextCall: async () => {
      sb.state.throttleNext(1);
      // The bucket is drained: the wait Shopify names is a gallery read's requested cost over the restore rate.
      return Math.floor((ESTIMATED_COST.PRODUCT_MEDIA / 100) * 1000 * 0.9);
    },
    expireToken: async () => sb.state.expireToken(),
    tokenRefreshes: app.refreshes,
    urlFor: host.urlFor,
    host: host.host,
    // A file that is not an image: Shopify fails its processing with UNSUPPORTED_IMAGE_FILE_TYPE.
    invalid: () => {
      host.host(notImage, Buffer.from("this is not an image"));
      return {
        images: [{ kind: "managed", slot: "main", sourceKey: notImage, url: host.urlFor(notImage), mime: "image/jpeg", width: 1000, height: 1000, open: async () => new Blob([]).stream() }],
        message: /unsupported file type/,
      };
    },
    replaceKeepsIdentity: true,
    settle: (ref) => settle(sb, ref),
    galleryReads: () => sb.state.requests.filter((q) => q.query?.includes("query AssetlineProductMedia")).length,
    close: async () => {
      await sb.close();
      await host.close();
    },
  };
  return { sb, subject, channel, host };
}

/** Until the product's media and reorder jobs are done processing on the sandbox. */
async function settle(sb: ShopifySandbox, ref: ListingRef) {
  for (let i = 0; i < 500; i++) {
    const p = sb.state.products.get(ref.externalId);
    const busy = p?.mediaIds.some((id) => ["UPLOADED", "PROCESSING"].includes(sb.state.media.get(id)?.status ?? "")) || [...sb.state.jobs.values()].some((j) => !j.done);
    if (!busy) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("sandbox did not settle");
}

channelContract("Shopify on its sandbox", async () => (await makeSubject()).subject);

describe("Shopify sandbox and connector", () => {
  it("an image Shopify could not download is a transient error (the next attempt creates it again); the gallery is left as it was", async () => {
    const { sb, subject, channel, host } = await makeSubject();
    try {
      const ref = await subject.newListing();
      const before = await channel.readImages(ref);
      const missing = "f".repeat(64);
      const e = await channel
        .setImages(ref, [{ kind: "managed", slot: "main", sourceKey: missing, url: host.urlFor(missing), mime: "image/jpeg", width: 1000, height: 1000, open: async () => new Blob([]).stream() }], { onCreated: async () => {} })
        .then(() => null, (x: unknown) => x);
      expect(e).toBeInstanceOf(ChannelError);
      expect(e).toMatchObject({ kind: "transient", channelCode: "IMAGE_DOWNLOAD_FAILURE", message: expect.stringMatching(/could not be downloaded/) });
      await settle(sb, ref);
      expect((await channel.readImages(ref))?.map((i) => i.externalRef)).toEqual(before?.map((i) => i.externalRef));
    } finally {
      await subject.close();
    }
  });

  it("a gallery read asks why media failed only when one did: a replaced image Shopify refused reads FAILED with its error", async () => {
    const { sb, subject, channel } = await makeSubject();
    const errorQueries = () => sb.state.requests.filter((q) => q.query?.includes("query AssetlineMediaErrors")).length;
    try {
      const ref = await subject.newListing();
      const good = await managedImage(subject, "main", 3);
      await channel.setImages(ref, [good], { onCreated: async () => {} });
      await settle(sb, ref);
      const healthy = await channel.readImages(ref);
      expect(healthy?.[0]).toMatchObject({ sourceKey: good.kind === "managed" ? good.sourceKey : null, state: "ready", issues: [] });
      expect(errorQueries()).toBe(0);
      // The same slot's content replaced (fileUpdate keeps the id) by a file that is not an image.
      const bad = subject.invalid().images[0]!;
      const e = await channel.setImages(ref, [bad], { onCreated: async () => {} }).then(() => null, (x: unknown) => x);
      expect(e).toMatchObject({ kind: "validation", channelCode: "UNSUPPORTED_IMAGE_FILE_TYPE" });
      const reads = errorQueries();
      expect(reads).toBe(1); // the status poll found it FAILED
      const failed = await channel.readImages(ref);
      expect(failed?.[0]).toMatchObject({ externalRef: healthy?.[0]?.externalRef, state: "failed", issues: [{ code: "UNSUPPORTED_IMAGE_FILE_TYPE", severity: "error", slot: "main" }] });
      expect(failed?.[0]?.issues[0]).not.toHaveProperty("transient");
      expect(errorQueries()).toBe(reads + 1);
    } finally {
      await subject.close();
    }
  });

  it("refuses a document that does not validate against the 2025-01 schema, as Shopify does", async () => {
    const sb = await startShopifySandbox({ seedProducts: 1 });
    try {
      const res = await fetch(`${sb.url}/admin/api/${VERSION}/graphql.json`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-shopify-access-token": sb.state.accessToken },
        body: JSON.stringify({ query: `{ product(id: "gid://shopify/Product/1") { id imagez } }` }),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { data?: unknown; errors: Array<{ message: string; extensions: { code: string } }> };
      expect(body.data).toBeUndefined();
      expect(body.errors[0]).toMatchObject({ message: "Field 'imagez' doesn't exist on type 'Product'", extensions: { code: "undefinedField" } });

      const noToken = await fetch(`${sb.url}/admin/api/${VERSION}/graphql.json`, { method: "POST", body: JSON.stringify({ query: "{ shop { id } }" }) });
      expect(noToken.status).toBe(401);
    } finally {
      await sb.close();
    }
  });

  it("accepts every connector document; each validates against both schema files", async () => {
    const unstable = buildSchema(readFileSync(`${SHOPIFY_SPECS_DIR}admin_schema_unstable_2025-10-09.graphql`, "utf8"));
    for (const doc of Object.values(DOCUMENTS)) {
      expect(validate(adminSchema(), parse(doc))).toEqual([]);
      expect(validate(unstable, parse(doc))).toEqual([]);
    }
  });

  it("THROTTLED when the shop's bucket is empty becomes `throttled` with a wait from the cost report", async () => {
    const sb = await startShopifySandbox({ seedProducts: 1, bucket: { maximumAvailable: 50, restoreRate: 10 } });
    try {
      const product = sb.state.createProduct({ images: 2 });
      const ref = { accountId: "a", externalId: product.id };
      // Two workers with their own local buckets: the second finds Shopify's bucket spent by the first.
      const one = createShopifyChannel({ graphql: appGraphql(sb).graphql, shop: sb.state.shop });
      const two = createShopifyChannel({ graphql: appGraphql(sb).graphql, shop: sb.state.shop });
      expect(await one.readImages(ref)).toHaveLength(2);
      const e = await two.readImages(ref).then(() => null, (x: unknown) => x);
      expect(e).toBeInstanceOf(ChannelError);
      expect(e).toMatchObject({ kind: "throttled", channelCode: "THROTTLED" });
      expect((e as ChannelError).retryAfterMs).toBeGreaterThan(1000);
      expect(sb.state.requests.at(-1)?.errorCodes).toEqual(["THROTTLED"]);
    } finally {
      await sb.close();
    }
  });

  it("replacing keeps the media id: fileUpdate originalSource, no new media; a matching gallery sends no mutation", async () => {
    const { sb, subject, channel } = await makeSubject();
    try {
      const ref = await subject.newListing();
      const v1 = await managedImage(subject, "main", 11);
      const [first] = await channel.setImages(ref, [v1], { onCreated: async () => {} });
      const mark = sb.state.requests.length;
      const v2 = await managedImage(subject, "main", 12);
      let created = 0;
      const [after] = await channel.setImages(ref, [v2], { onCreated: async () => void created++ });
      expect(after).toMatchObject({ externalRef: first!.externalRef, sourceKey: (v2 as { sourceKey: string }).sourceKey, state: "ready" });
      expect(created).toBe(0);
      const sent = sb.state.requests.slice(mark).map((r) => r.query ?? "");
      expect(sent.some((q) => q.includes("fileUpdate"))).toBe(true);
      expect(sent.some((q) => q.includes("productUpdate"))).toBe(false);
      expect(sb.state.media.get(first!.externalRef)?.filename).toBe(`${(v2 as { sourceKey: string }).sourceKey}.jpg`);

      const quiet = sb.state.requests.length;
      await channel.setImages(ref, [v2], { onCreated: async () => {} });
      expect(sb.state.requests.slice(quiet).every((r) => !/^\s*#graphql\s*mutation/.test(r.query ?? ""))).toBe(true);
    } finally {
      await subject.close();
    }
  });

  it("setImages answers the gallery a read then shows, without reading it again after the write", async () => {
    const { sb, subject, channel } = await makeSubject();
    try {
      const ref = await subject.newListing();
      const shown = (await channel.readImages(ref))!;
      const a = await managedImage(subject, "main", 21);
      const b = await managedImage(subject, "pos3", 22);
      const mark = sb.state.requests.length;
      // A new main (created), the channel's own image moved to pos2, another of ours after it: create + reorder.
      const out = await channel.setImages(ref, [a, { kind: "external", slot: "pos2", externalRef: shown[0]!.externalRef }, b], { onCreated: async () => {}, basedOn: shown });
      expect(sb.state.requests.slice(mark).filter((r) => r.query?.includes("query AssetlineProductMedia"))).toHaveLength(0);
      const strip = (g: PublishedImage[]) => g.map(({ slot, externalRef, sourceKey, state, url, fingerprint }) => ({ slot, externalRef, sourceKey, state, url, fingerprint }));
      expect(strip(out)).toEqual(strip((await channel.readImages(ref))!));
      expect(out.map((p) => p.sourceKey)).toEqual([(a as { sourceKey: string }).sourceKey, null, (b as { sourceKey: string }).sourceKey]);
    } finally {
      await subject.close();
    }
  });

  it("sends bytes by staged upload when the rendition URL is not public, and still recognises the image", async () => {
    const { sb, subject, channel } = await makeSubject({ publicUrl: () => false });
    try {
      const ref = await subject.newListing();
      const img: ChannelImage = { ...(await managedImage(subject, "main", 13)), url: "http://127.0.0.1:9/not-reachable.jpg" } as ChannelImage;
      const out = await channel.setImages(ref, [img], { onCreated: async () => {} });
      expect(out.map((p) => p.sourceKey)).toEqual([(img as { sourceKey: string }).sourceKey]);
      expect(out[0]!.state).toBe("ready");
      expect(sb.state.requests.some((r) => r.path === "/staged/" && r.status === 201)).toBe(true);
    } finally {
      await subject.close();
    }
  });

  it("lists the catalogue page by page", async () => {
    // A Plus-plan bucket: a 25-product page costs ~500 points, a Standard bucket would make this test wait.
    const { sb, subject, channel } = await makeSubject({}, { bucket: { maximumAvailable: 20_000, restoreRate: 1000 } });
    try {
      let cursor: string | null = null;
      let seen = 0;
      do {
        const page: Awaited<ReturnType<typeof channel.listListings>> = await channel.listListings("acct", { cursor, limit: 100 });
        seen += page.items.length;
        expect(page.items[0]!.images.length).toBeGreaterThan(0);
        expect(page.items[0]!.skus[0]).toMatch(/^SKU-/);
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toBe(sb.state.products.size);
    } finally {
      await subject.close();
    }
  });

  it("5xx is transient; a 401 the refresh cannot fix is auth", async () => {
    const { sb, subject, channel } = await makeSubject();
    try {
      const ref = await subject.newListing();
      sb.state.fail5xxNext(1);
      await expect(channel.readImages(ref)).rejects.toMatchObject({ kind: "transient", channelCode: "HTTP_503" });
      const stale = createShopifyChannel({
        shop: sb.state.shop,
        graphql: async (query) => {
          const res = await fetch(`${sb.url}/admin/api/${VERSION}/graphql.json`, { method: "POST", headers: { "x-shopify-access-token": "shpat_revoked" }, body: JSON.stringify({ query }) });
          if (res.status !== 200) throw Object.assign(new Error(`HTTP ${res.status}`), { status: res.status });
          return (await res.json()) as Awaited<ReturnType<ShopifyGraphql>>;
        },
      });
      await expect(stale.readImages(ref)).rejects.toMatchObject({ kind: "auth" });
    } finally {
      await subject.close();
    }
  });
});
