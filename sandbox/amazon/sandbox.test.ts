// The sandbox on its own, over HTTP (no connector code: a sandbox must not share a bug with what it checks).
import { afterEach, describe, expect, it } from "vitest";
import { validateListingsBody, MODEL_USAGE_PLANS } from "./models";
import { startAmazonSandbox, type AmazonSandbox } from "./server";

let sb: AmazonSandbox | null = null;
afterEach(async () => {
  await sb?.close();
  sb = null;
});

const token = async (s: AmazonSandbox, params: Record<string, string>) => {
  const { clientId, clientSecret } = s.state.opts;
  const res = await fetch(s.lwaUrl, { method: "POST", body: new URLSearchParams({ client_id: clientId, client_secret: clientSecret, ...params }) });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
};

describe("models", () => {
  it("reads the usage plans from the models' descriptions", () => {
    expect(MODEL_USAGE_PLANS.patchListingsItem).toEqual({ rate: 5, burst: 5 });
    expect(MODEL_USAGE_PLANS.getListingsItem).toEqual({ rate: 5, burst: 10 });
    expect(MODEL_USAGE_PLANS.getMarketplaceParticipations).toEqual({ rate: 0.016, burst: 15 });
  });

  it("validates bodies against ListingsItemPatchRequest", () => {
    expect(validateListingsBody("ListingsItemPatchRequest", { productType: "SHIRT", patches: [{ op: "delete", path: "/attributes/a" }] })).toEqual([]);
    expect(validateListingsBody("ListingsItemPatchRequest", { productType: 3, patches: [{ op: "add" }] })).toEqual([
      "body.productType: expected string, got number",
      "body.patches[0]: 'path' is required",
    ]);
  });
});

describe("LWA", () => {
  it("codes expire after 5 minutes and are bound to their redirect URI; grantless needs a scope", async () => {
    sb = await startAmazonSandbox({ seedListings: 0 });
    const redirect = sb.state.opts.redirectUris[0]!;
    const stale = sb.state.authorizationCode();
    sb.state.advanceTime(5 * 60_000 + 1);
    expect((await token(sb, { grant_type: "authorization_code", code: stale, redirect_uri: redirect })).body.error).toBe("invalid_grant");
    const code = sb.state.authorizationCode();
    expect((await token(sb, { grant_type: "authorization_code", code, redirect_uri: "https://evil.test/cb" })).body.error).toBe("invalid_grant");
    expect((await token(sb, { grant_type: "client_credentials" })).body.error).toBe("invalid_scope");
    const grantless = await token(sb, { grant_type: "client_credentials", scope: "sellingpartnerapi::notifications" });
    expect(grantless.body.expires_in).toBe(3600);
    // A grantless token opens no seller's listings.
    const res = await fetch(`${sb.url}/listings/2021-08-01/items/${sb.state.opts.sellerId}?marketplaceIds=ATVPDKIKX0DER`, { headers: { "x-amz-access-token": grantless.body.access_token! } });
    expect(res.status).toBe(403);
  });
});

describe("consent page", () => {
  it("refuses unknown apps, drafts without version=beta and unregistered redirect URIs", async () => {
    sb = await startAmazonSandbox({ seedListings: 0 });
    const { applicationId } = sb.state.opts;
    const page = (q: string) => fetch(`${sb!.consentUrl}?${q}`).then((r) => r.status);
    expect(await page(`application_id=other&state=s&version=beta`)).toBe(400);
    expect(await page(`application_id=${applicationId}&state=s`)).toBe(400);
    expect(await page(`application_id=${applicationId}&state=s&version=beta&redirect_uri=${encodeURIComponent("https://evil.test/cb")}`)).toBe(400);
    expect(await page(`application_id=${applicationId}&state=s&version=beta`)).toBe(200);
  });
});

describe("SP-API checks", () => {
  it("answers 400 for a missing marketplaceIds, a pageSize over 20 and an unknown includedData; 403 for another seller", async () => {
    sb = await startAmazonSandbox({ seedListings: 3 });
    const code = sb.state.authorizationCode();
    const t = (await token(sb, { grant_type: "authorization_code", code, redirect_uri: sb.state.opts.redirectUris[0]! })).body.access_token!;
    const get = (path: string) => fetch(`${sb!.url}${path}`, { headers: { "x-amz-access-token": t } });
    const seller = sb.state.opts.sellerId;
    expect((await get(`/listings/2021-08-01/items/${seller}/SEED-0001`)).status).toBe(400);
    expect((await get(`/listings/2021-08-01/items/${seller}?marketplaceIds=ATVPDKIKX0DER&pageSize=21`)).status).toBe(400);
    expect((await get(`/listings/2021-08-01/items/${seller}/SEED-0001?marketplaceIds=ATVPDKIKX0DER&includedData=everything`)).status).toBe(400);
    expect((await get(`/listings/2021-08-01/items/AOTHERSELLER/SEED-0001?marketplaceIds=ATVPDKIKX0DER`)).status).toBe(403);
    const ok = await get(`/listings/2021-08-01/items/${seller}/SEED-0001?marketplaceIds=ATVPDKIKX0DER&includedData=summaries,attributes,issues`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-amzn-RateLimit-Limit")).toBe("5");
    const item = (await ok.json()) as { sku: string; summaries: Array<{ productType: string }>; attributes: Record<string, unknown>; issues: unknown[] };
    expect(item.sku).toBe("SEED-0001");
    expect(item.attributes.main_product_image_locator).toBeDefined();
    expect(item.issues).toEqual([]);
    expect((await get(`/listings/2021-08-01/items/${seller}/NOPE?marketplaceIds=ATVPDKIKX0DER`)).status).toBe(404);
    expect(sb.state.requests.filter((r) => r.operation !== null).map((r) => r.status)).toEqual([400, 400, 400, 403, 200, 404]);
  });

  it("searchListingsItems by SKU identifiers answers those items only; at most 20, and never without identifiersType", async () => {
    sb = await startAmazonSandbox({ seedListings: 30 });
    const code = sb.state.authorizationCode();
    const t = (await token(sb, { grant_type: "authorization_code", code, redirect_uri: sb.state.opts.redirectUris[0]! })).body.access_token!;
    const search = (q: string) => fetch(`${sb!.url}/listings/2021-08-01/items/${sb!.state.opts.sellerId}?marketplaceIds=ATVPDKIKX0DER&${q}`, { headers: { "x-amz-access-token": t } });
    const res = await search("identifiersType=SKU&identifiers=SEED-0003,SEED-0017,NOPE&includedData=summaries,attributes,issues&pageSize=20");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { numberOfResults: number; items: Array<{ sku: string; attributes: Record<string, unknown> }> };
    expect(body.items.map((i) => i.sku)).toEqual(["SEED-0003", "SEED-0017"]);
    expect(body.numberOfResults).toBe(2);
    expect(body.items[0]!.attributes.main_product_image_locator).toBeDefined();
    const many = Array.from({ length: 21 }, (_, i) => `SEED-${String(i + 1).padStart(4, "0")}`).join(",");
    expect((await search(`identifiersType=SKU&identifiers=${many}`)).status).toBe(400);
    expect((await search("identifiers=SEED-0003")).status).toBe(400);
    expect((await search("identifiersType=SKUS&identifiers=SEED-0003")).status).toBe(400);
  });

  it("a PATCH for the wrong product type or a non-URL media_location is INVALID with issues", async () => {
    sb = await startAmazonSandbox({ seedListings: 1 });
    const code = sb.state.authorizationCode();
    const t = (await token(sb, { grant_type: "authorization_code", code, redirect_uri: sb.state.opts.redirectUris[0]! })).body.access_token!;
    const patch = (body: unknown) =>
      fetch(`${sb!.url}/listings/2021-08-01/items/${sb!.state.opts.sellerId}/SEED-0001?marketplaceIds=ATVPDKIKX0DER`, {
        method: "PATCH",
        headers: { "x-amz-access-token": t, "content-type": "application/json" },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<{ status: string; issues: Array<{ code: string; message: string; attributeNames: string[] }> }>);
    const wrongType = await patch({ productType: "LUGGAGE", patches: [{ op: "delete", path: "/attributes/other_product_image_locator_1" }] });
    expect(wrongType.status).toBe("INVALID");
    const notUrl = await patch({ productType: "SHIRT", patches: [{ op: "replace", path: "/attributes/main_product_image_locator", value: [{ media_location: "ftp://x/y.jpg", marketplace_id: "ATVPDKIKX0DER" }] }] });
    expect(notUrl).toMatchObject({ status: "INVALID", issues: [{ code: "90000900", attributeNames: ["main_product_image_locator"] }] });
    const unreachable = await patch({ productType: "SHIRT", patches: [{ op: "replace", path: "/attributes/other_product_image_locator_1", value: [{ media_location: "http://127.0.0.1:9/none.jpg", marketplace_id: "ATVPDKIKX0DER" }] }] });
    expect(unreachable.status).toBe("ACCEPTED");
    await sb.state.idle();
    const l = sb.state.listings.get("SEED-0001")!;
    expect(l.imageIssues.get("other_product_image_locator_1")).toMatchObject({ code: "IMAGE_DOWNLOAD_FAILED", categories: ["INVALID_IMAGE"] });
  });
});

describe("timeScale", () => {
  it("divides the usage plans' rates (x-amzn-RateLimit-Limit says so), keeps the bursts, and logs when each call came", async () => {
    const before = Date.now();
    sb = await startAmazonSandbox({ seedListings: 1, timeScale: 0.1 });
    const code = sb.state.authorizationCode();
    const t = (await token(sb, { grant_type: "authorization_code", code, redirect_uri: sb.state.opts.redirectUris[0]! })).body.access_token!;
    const get = () => fetch(`${sb!.url}/listings/2021-08-01/items/${sb!.state.opts.sellerId}/SEED-0001?marketplaceIds=ATVPDKIKX0DER`, { headers: { "x-amz-access-token": t } });
    const burst = await Promise.all(Array.from({ length: 30 }, get));
    const ok = burst.filter((r) => r.status === 200).length;
    expect(ok).toBeGreaterThanOrEqual(10); // getListingsItem: burst 10, plus what 50/s refilled meanwhile
    expect(ok).toBeLessThan(30);
    expect(burst.find((r) => r.status === 200)!.headers.get("x-amzn-RateLimit-Limit")).toBe("50");
    await new Promise((r) => setTimeout(r, 60)); // 50/s: a token every 20 ms (5/s would take 200 ms)
    expect((await get()).status).toBe(200);
    expect(sb.state.requests.every((r) => r.at >= before && r.at <= Date.now())).toBe(true);
  });
});
