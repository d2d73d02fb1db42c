// The sandbox's own behaviour, checked without the connector (a sandbox must not share a bug with the
// code it checks): processing states and errors, fileUpdate rules, cost reports, tokens.
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { startShopifySandbox, type ShopifySandbox } from "./index";

type Body = { data?: Record<string, unknown>; errors?: Array<{ message: string; extensions?: { code?: string } }>; extensions?: { cost: { requestedQueryCost: number; actualQueryCost: number | null } } };

let sb: ShopifySandbox;
afterEach(async () => sb?.close());

const gql = async (query: string, variables: Record<string, unknown> = {}, token = sb.state.accessToken) => {
  const res = await fetch(`${sb.url}/admin/api/2025-01/graphql.json`, { method: "POST", headers: { "x-shopify-access-token": token, "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: (await res.json()) as Body };
};
const ADD = `mutation($p: ProductUpdateInput!, $m: [CreateMediaInput!]) { productUpdate(product: $p, media: $m) { product { media(last: 1) { nodes { id status } } } userErrors { message } } }`;
const READ = `query($id: ID!) { node(id: $id) { ... on MediaImage { status image { url width } mediaErrors { code message } } } }`;

async function serveOnce(bytes: Buffer) {
  const server = createServer((_q, res) => res.writeHead(200, { "content-type": "image/jpeg" }).end(bytes));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/x.jpg`, close: () => server.close() };
}
async function until(id: string, done: (status: string) => boolean) {
  for (let i = 0; i < 200; i++) {
    const { body } = await gql(READ, { id });
    const node = body.data!.node as { status: string };
    if (done(node.status)) return body.data!.node as { status: string; image: { url: string; width: number } | null; mediaErrors: Array<{ code: string; message: string }> };
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("never finished");
}
const addMedia = async (productId: string, source: string) => {
  const { body } = await gql(ADD, { p: { id: productId }, m: [{ originalSource: source, mediaContentType: "IMAGE" }] });
  return (body.data!.productUpdate as { product: { media: { nodes: Array<{ id: string; status: string }> } } }).product.media.nodes[0]!;
};

describe("Shopify sandbox", () => {
  it("processes media UPLOADED → READY from the real bytes, and fails unreachable or over-20-MP images", async () => {
    sb = await startShopifySandbox({ seedProducts: 0, processingMs: 5 });
    const product = sb.state.createProduct({ images: 0 });
    const ok = await serveOnce(await sharp({ create: { width: 300, height: 200, channels: 3, background: "#fff" } }).jpeg().toBuffer());
    const big = await serveOnce(await sharp({ create: { width: 5000, height: 4100, channels: 3, background: "#000" } }).jpeg().toBuffer());
    try {
      const m = await addMedia(product.id, ok.url);
      expect(m.status).toBe("UPLOADED");
      expect(await until(m.id, (s) => s === "READY")).toMatchObject({ image: { width: 300, url: expect.stringMatching(/\/x\.jpg\?v=2$/) } });
      const gone = await addMedia(product.id, "http://127.0.0.1:9/nothing.jpg");
      expect((await until(gone.id, (s) => s === "FAILED")).mediaErrors[0]!.code).toBe("IMAGE_DOWNLOAD_FAILURE");
      const huge = await addMedia(product.id, big.url);
      expect((await until(huge.id, (s) => s === "FAILED")).mediaErrors[0]!.code).toBe("INVALID_IMAGE_RESOLUTION");
    } finally {
      ok.close();
      big.close();
    }
  });

  it("fileUpdate refuses content changes while a file is not READY (NON_READY_STATE)", async () => {
    sb = await startShopifySandbox({ seedProducts: 0, processingMs: 1000 });
    const product = sb.state.createProduct({ images: 0 });
    const m = await addMedia(product.id, "https://example.com/a.jpg");
    const { body } = await gql(`mutation($f: [FileUpdateInput!]!) { fileUpdate(files: $f) { userErrors { code message } } }`, { f: [{ id: m.id, originalSource: "https://example.com/b.jpg" }] });
    expect((body.data!.fileUpdate as { userErrors: Array<{ code: string }> }).userErrors[0]!.code).toBe("NON_READY_STATE");
  });

  it("reports the cost of every query and answers THROTTLED with actualQueryCost null when the bucket is empty", async () => {
    sb = await startShopifySandbox({ seedProducts: 3 });
    const q = `{ products(first: 10) { nodes { id media(first: 10) { nodes { id } } } } }`;
    const first = await gql(q);
    expect(first.body.extensions!.cost.requestedQueryCost).toBeGreaterThan(100);
    sb.state.throttleNext(1);
    const throttled = await gql(q);
    expect(throttled.body.errors![0]!.extensions!.code).toBe("THROTTLED");
    expect(throttled.body.extensions!.cost.actualQueryCost).toBeNull();
  });

  it("refundUnusedCost: a query is charged what it returned (actualQueryCost), the rest goes back to the bucket", async () => {
    sb = await startShopifySandbox({ seedProducts: 1, refundUnusedCost: true, bucket: { maximumAvailable: 1000, restoreRate: 1 } });
    const q = `{ products(first: 10) { nodes { id media(first: 10) { nodes { id } } } } }`;
    const { body } = await gql(q);
    const cost = body.extensions!.cost as { requestedQueryCost: number; actualQueryCost: number; throttleStatus: { currentlyAvailable: number } };
    // Asked: 10 products (2 + 10) each with 10 media (2 + 10). Returned: 1 product (2 + 1) with 1 medium (2 + 1).
    expect(cost).toMatchObject({ requestedQueryCost: 132, actualQueryCost: 6 });
    expect(cost.throttleStatus.currentlyAvailable).toBeGreaterThanOrEqual(994);
    expect(sb.state.requests.at(-1)?.cost).toEqual({ requested: 132, actual: 6 });
    // Off (the default): the requested cost is charged.
    await sb.close();
    sb = await startShopifySandbox({ seedProducts: 1, bucket: { maximumAvailable: 1000, restoreRate: 1 } });
    expect((await gql(q)).body.extensions!.cost).toMatchObject({ requestedQueryCost: 132, actualQueryCost: 132 });
  });

  it("timeScale divides the restore rate, not the bucket size", async () => {
    sb = await startShopifySandbox({ seedProducts: 0, timeScale: 0.1 });
    expect(sb.state.bucket(sb.state.shop).status()).toMatchObject({ maximumAvailable: 2000, restoreRate: 1000 });
  });

  it("exchanges a session token and rotates refresh tokens; an expired access token gets 401", async () => {
    sb = await startShopifySandbox({ seedProducts: 0 });
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const head = b64({ alg: "HS256", typ: "JWT" });
    const claims = b64({ dest: "https://other-shop.myshopify.com", aud: sb.state.clientId, exp: Math.floor(Date.now() / 1000) + 60 });
    const jwt = `${head}.${claims}.${createHmac("sha256", sb.state.clientSecret).update(`${head}.${claims}`).digest("base64url")}`;
    const token = async (body: Record<string, string>) => {
      const res = await fetch(`${sb.url}/admin/oauth/access_token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ client_id: sb.state.clientId, client_secret: sb.state.clientSecret, ...body }) });
      return { status: res.status, body: (await res.json()) as { access_token: string; refresh_token: string } };
    };
    const exchanged = await token({ grant_type: "urn:ietf:params:oauth:grant-type:token-exchange", subject_token: jwt, subject_token_type: "urn:ietf:params:oauth:token-type:id_token", requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token", expiring: "1" });
    expect(exchanged.status).toBe(200);
    expect((await gql("{ products(first: 1) { nodes { id } } }", {}, exchanged.body.access_token)).status).toBe(200);

    const old = sb.state.refreshToken;
    sb.state.expireToken();
    expect((await gql("{ products(first: 1) { nodes { id } } }")).status).toBe(401);
    const r1 = await token({ grant_type: "refresh_token", refresh_token: old });
    expect((await gql("{ products(first: 1) { nodes { id } } }", {}, r1.body.access_token)).status).toBe(200);
    expect((await token({ grant_type: "refresh_token", refresh_token: old })).status).toBe(200); // grace until the new one is used
    await token({ grant_type: "refresh_token", refresh_token: r1.body.refresh_token });
    expect((await token({ grant_type: "refresh_token", refresh_token: old })).status).toBe(400);
  });
});
