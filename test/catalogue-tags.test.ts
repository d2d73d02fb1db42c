// Tags from a file's name and folder, and from the Shopify catalogue of the products an asset is placed
// on (issue #7), end to end on both databases: an upload with its folder (the REST/UI multipart `folder`
// field) is tagged at ingest, a rejected filename tag survives a forced re-run; the sandbox Shopify store's
// vendor, product type, tags and collections reach the assets placed on the product through the catalogue
// import, are searchable, stay rejected once rejected, follow a products/update webhook and go with the
// last placement.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Catalogue, ListingSummary } from "../connectors/channel";
import { runAnalysis } from "../app/.server/library/analyse.job";
import { decideTag, getTagPanel } from "../app/.server/library/auto-tags.service";
import { mergeAssets } from "../app/.server/library/duplicates/merge.service";
import { FILENAME_TAGGER } from "../app/.server/library/filename-tagger";
import { searchAssets } from "../app/.server/library/search.service";
import { handleUpload } from "../app/.server/library/upload.service";
import { connectAccount } from "../app/.server/sync/accounts.service";
import { importCatalogue, onProductCatalogueChanged } from "../app/.server/sync/catalogue.service";
import { placeAsset, removePlacement } from "../app/.server/sync/placements.service";
import { publishListing } from "../app/.server/sync/publish.job";
import { DB_KINDS } from "./support/db";
import { packshot, startSyncSandboxes, type SyncSandboxes } from "./support/sync-sandboxes";

describe.each(DB_KINDS)("filename, folder and catalogue tags on %s", (kind) => {
  let w: SyncSandboxes;
  let shopId: string;
  const prisma = () => w.prisma();
  const panel = async (assetId: string) => (await getTagPanel({ prisma: prisma() }, shopId, w.admin, assetId)).tags;
  const byName = async (assetId: string) => new Map((await panel(assetId)).map((t) => [t.name, t]));
  const found = async (q: string) => (await searchAssets({ prisma: prisma() }, shopId, w.admin, { q, limit: 100 })).items.map((i) => i.asset.id);

  beforeAll(async () => {
    w = await startSyncSandboxes({ kind, name: `cattags-${kind}`, listings: 3 });
    shopId = w.shopId;
  }, 120_000);
  afterAll(async () => w?.close());

  async function uploadWithFolder(filename: string, folder: string, seed: number): Promise<{ assetId: string; versionId: string }> {
    const form = new FormData();
    form.append("folder", folder);
    form.append("file", new Blob([new Uint8Array(await packshot(seed, 600))], { type: "image/jpeg" }), filename);
    const [r] = await handleUpload(w.t.services, shopId, w.admin, new Request("http://app.test/app/upload", { method: "POST", body: form }));
    if (!r || !r.ok || r.status !== "created") throw new Error(`upload failed: ${JSON.stringify(r)}`);
    return { assetId: r.assetId, versionId: r.versionId };
  }

  let sneaker: { assetId: string; versionId: string };

  it("an upload is tagged from its name and folder at once: blue, sneaker, spring, amazon — not final or v3", async () => {
    sneaker = await uploadWithFolder("Blue_Sneaker_final_v3.jpg", "Spring 2026/Amazon", 1);
    const v = await prisma().assetVersion.findFirstOrThrow({ where: { id: sneaker.versionId } });
    expect(v.folderPath).toBe("Spring 2026/Amazon");
    const tags = await byName(sneaker.assetId);
    expect(tags.get("blue")).toMatchObject({ source: "auto", analyser: "filename", facet: "colour", labelZh: "蓝色", state: "accepted", confidence: 0.9 });
    expect(tags.get("sneaker")).toMatchObject({ source: "auto", analyser: "filename", facet: "filename", state: "suggested" });
    expect(tags.get("spring")).toMatchObject({ source: "auto", analyser: "folder", facet: "folder", state: "suggested" });
    expect(tags.get("amazon")).toMatchObject({ analyser: "folder", facet: "folder" });
    for (const noise of ["final", "v3", "v", "3", "jpg", "2026"]) expect(tags.has(noise)).toBe(false);
    const run = await prisma().versionAnalysis.findFirstOrThrow({ where: { versionId: sneaker.versionId, analyser: FILENAME_TAGGER.id } });
    expect(run).toMatchObject({ analyserVersion: FILENAME_TAGGER.version, status: "ok" });
    // Accepted tags are searchable; suggestions are not (until accepted).
    expect(await found("blue")).toContain(sneaker.assetId);
  });

  it("a rejected filename tag stays rejected when the tagger runs again; an accepted suggestion stays accepted", async () => {
    const tags = await byName(sneaker.assetId);
    await decideTag({ prisma: prisma() }, shopId, w.admin, sneaker.assetId, tags.get("amazon")!.id!, "reject");
    await decideTag({ prisma: prisma() }, shopId, w.admin, sneaker.assetId, tags.get("spring")!.id!, "accept");
    const out = await runAnalysis({ prisma: prisma(), blobs: w.t.services.blobs, config: w.t.config, analysers: [] }, { shopId, versionId: sneaker.versionId, force: true, analysers: ["filename"] });
    expect(out.ran).toEqual([{ analyser: "filename", status: "ok" }]);
    const after = await byName(sneaker.assetId);
    expect(after.get("amazon")!.state).toBe("rejected");
    expect(after.get("spring")!.state).toBe("accepted");
    expect(after.get("sneaker")!.state).toBe("suggested");
    expect(await found("spring")).toContain(sneaker.assetId);
    // Not forced and at the current version: nothing to do.
    expect((await runAnalysis({ prisma: prisma(), blobs: w.t.services.blobs, config: w.t.config, analysers: [] }, { shopId, versionId: sneaker.versionId })).ran).toEqual([]);
  });

  let productGid: string;
  let listingId: string;
  const reimport = async () => {
    const account = await prisma().channelAccount.findFirstOrThrow({ where: { id: w.accountIds.shopify } });
    return importCatalogue(prisma(), shopId, account.id, await w.t.services.channels.channelFor(account));
  };
  const catalogueTags = async (assetId: string) =>
    (await panel(assetId)).filter((t) => t.source === "catalogue").map((t) => [t.name, t.state, t.analyser, t.confidence] as const).sort();

  it("an asset placed on a Shopify product takes its product type, vendor, collections and tags, accepted and searchable", async () => {
    ({ id: listingId, externalId: productGid } = w.listings.shopify[0]!);
    const sb = w.shopify.state;
    sb.updateProduct(productGid, { productType: "Sneakers", vendor: "Acme Footwear", tags: ["running", "Summer Sale"] });
    sb.addToCollection("Spring Drop", [productGid]);
    sb.addToCollection("Best sellers", [productGid, w.listings.shopify[1]!.externalId]);
    await reimport();
    const listing = await prisma().listing.findFirstOrThrow({ where: { id: listingId } });
    expect(listing).toMatchObject({ productType: "Sneakers", vendor: "Acme Footwear", productTags: ["running", "Summer Sale"], collections: ["Spring Drop", "Best sellers"] });

    expect(await catalogueTags(sneaker.assetId)).toEqual([]);
    await placeAsset(w.lib(), shopId, w.admin, { assetId: sneaker.assetId, listingIds: [listingId], slot: "main" });
    expect(await catalogueTags(sneaker.assetId)).toEqual([
      ["acme footwear", "accepted", "shopify.vendor", 1],
      ["best sellers", "accepted", "shopify.collection", 1],
      ["running", "accepted", "shopify.product_tag", 1],
      ["sneakers", "accepted", "shopify.product_type", 1],
      ["spring drop", "accepted", "shopify.collection", 1],
      ["summer sale", "accepted", "shopify.product_tag", 1],
    ]);
    expect((await byName(sneaker.assetId)).get("acme footwear")).toMatchObject({ label: "Acme Footwear", facet: "catalogue" });
    expect(await found("acme footwear")).toEqual([sneaker.assetId]);
    expect(await found("spring drop")).toEqual([sneaker.assetId]);
  });

  it("a rejected catalogue tag stays rejected through imports; a new product tag arrives with the next import", async () => {
    const running = (await byName(sneaker.assetId)).get("running")!;
    await decideTag({ prisma: prisma() }, shopId, w.admin, sneaker.assetId, running.id!, "reject");
    expect(await found("running")).toEqual([]);
    await reimport(); // nothing changed: nothing touched
    w.shopify.state.updateProduct(productGid, { tags: ["running", "Summer Sale", "lightweight"] });
    await reimport();
    const tags = await byName(sneaker.assetId);
    expect(tags.get("running")).toMatchObject({ source: "catalogue", state: "rejected" });
    expect(tags.get("lightweight")).toMatchObject({ source: "catalogue", state: "accepted" });
    expect(await found("running")).toEqual([]);
    expect(await found("lightweight")).toEqual([sneaker.assetId]);
  });

  it("products/update: a new vendor replaces the old one's tag; an older webhook than the last read changes nothing", async () => {
    const at = new Date(Date.now() + 1000);
    const payload = { id: Number(productGid.split("/").pop()), admin_graphql_api_id: productGid, product_type: "Sneakers", vendor: "Zenith", tags: "running, Summer Sale, lightweight", updated_at: at.toISOString() };
    expect(await onProductCatalogueChanged(prisma(), shopId, { productGid, changedAt: at, payload })).toBe(1);
    let tags = await byName(sneaker.assetId);
    expect(tags.has("acme footwear")).toBe(false);
    expect(tags.get("zenith")).toMatchObject({ source: "catalogue", analyser: "shopify.vendor", state: "accepted" });
    expect(tags.get("running")!.state).toBe("rejected");
    expect(tags.get("spring drop")!.state).toBe("accepted"); // collections are not in the webhook: kept
    expect(await found("zenith")).toEqual([sneaker.assetId]);
    expect(await found("acme footwear")).toEqual([]);

    const late = { ...payload, vendor: "Acme Footwear", updated_at: new Date(at.getTime() - 60_000).toISOString() };
    expect(await onProductCatalogueChanged(prisma(), shopId, { productGid, changedAt: new Date(late.updated_at), payload: late })).toBe(0);
    tags = await byName(sneaker.assetId);
    expect(tags.has("zenith")).toBe(true);
    expect(tags.has("acme footwear")).toBe(false);
  });

  it("removing the last placement on the product removes its catalogue tags but keeps the rejection", async () => {
    const [placement] = await prisma().placement.findMany({ where: { shopId, assetId: sneaker.assetId } });
    await removePlacement(w.lib(), shopId, w.admin, placement!.id);
    expect(await catalogueTags(sneaker.assetId)).toEqual([["running", "rejected", "shopify.product_tag", 1]]);
    expect(await found("zenith")).toEqual([]);
    // The filename tags are untouched.
    expect((await byName(sneaker.assetId)).get("blue")!.state).toBe("accepted");
    // Placed again: the tags come back, the rejected one still rejected.
    await placeAsset(w.lib(), shopId, w.admin, { assetId: sneaker.assetId, listingIds: [listingId], slot: "main" });
    expect((await catalogueTags(sneaker.assetId)).find(([n]) => n === "running")).toEqual(["running", "rejected", "shopify.product_tag", 1]);
    expect(await found("zenith")).toEqual([sneaker.assetId]);
  });

  it("an import of 1,000 products re-tags the assets placed on the changed ones in batches", async () => {
    const account = await connectAccount({ prisma: prisma(), sealer: w.t.services.sealer }, shopId, w.admin, {
      channel: "shopify", externalId: "bulk.myshopify.com", name: "Bulk store", region: null, marketplaces: [], scopes: [], grant: null,
    });
    let vendor = "Northwind";
    const products = Array.from({ length: 1000 }, (_, i) => `gid://shopify/Product/9${String(i).padStart(5, "0")}`);
    const catalogue: Catalogue = {
      listListings: async (accountId, page) => {
        const start = page.cursor ? Number(page.cursor) : 0;
        const items = products.slice(start, start + page.limit).map((externalId, k): ListingSummary => ({
          ref: { accountId, externalId },
          title: `Bulk product ${start + k}`,
          skus: [],
          status: "ACTIVE",
          images: [],
          catalogue: { productType: "Lamps", vendor, tags: [`batch-${(start + k) % 7}`], collections: ["Living room"] },
        }));
        return { items, nextCursor: start + page.limit < products.length ? String(start + page.limit) : null };
      },
    };
    await importCatalogue(prisma(), shopId, account.id, catalogue, { pageSize: 100 });
    const listingIds = (await prisma().listing.findMany({ where: { shopId, accountId: account.id }, orderBy: { externalId: "asc" }, select: { id: true } })).map((l) => l.id);
    // 20 assets, each placed on 50 of the products: 1,000 placements.
    const assets: string[] = [];
    for (let i = 0; i < 20; i++) {
      const a = await uploadWithFolder(`IMG_${1000 + i}.jpg`, "", 10 + i);
      await placeAsset(w.lib(), shopId, w.admin, { assetId: a.assetId, listingIds: listingIds.slice(i * 50, i * 50 + 50), slot: "main" });
      assets.push(a.assetId);
    }
    expect((await byName(assets[7]!)).get("northwind")).toMatchObject({ source: "catalogue", state: "accepted" });

    let started = performance.now();
    await importCatalogue(prisma(), shopId, account.id, catalogue, { pageSize: 100 });
    const unchangedMs = performance.now() - started;
    vendor = "Contoso";
    started = performance.now();
    await importCatalogue(prisma(), shopId, account.id, catalogue, { pageSize: 100 });
    const changedMs = performance.now() - started;
    console.log(JSON.stringify({ kind, products: 1000, placements: 1000, assets: 20, import_unchanged_ms: Math.round(unchangedMs), import_vendor_changed_ms: Math.round(changedMs) }));
    for (const a of assets) {
      const tags = await byName(a);
      expect(tags.has("northwind")).toBe(false);
      expect(tags.get("contoso")).toMatchObject({ source: "catalogue", analyser: "shopify.vendor" });
    }
    expect(await found("contoso")).toHaveLength(20);
  }, 300_000);

  it("an asset moved off a slot by another loses the tags that came only from there", async () => {
    const other = await uploadWithFolder("hero.jpg", "", 2);
    await placeAsset(w.lib(), shopId, w.admin, { assetId: other.assetId, listingIds: [listingId], slot: "main" });
    expect(await catalogueTags(sneaker.assetId)).toEqual([["running", "rejected", "shopify.product_tag", 1]]);
    expect((await catalogueTags(other.assetId)).map(([n]) => n)).toContain("zenith");

    // Merging it into an asset that is placed nowhere moves the placement, and its catalogue tags with it.
    const keeper = await uploadWithFolder("IMG_0999.jpg", "", 3);
    await mergeAssets(w.lib(), shopId, w.admin, { survivorId: keeper.assetId, assetIds: [other.assetId] });
    expect((await catalogueTags(keeper.assetId)).map(([n]) => n)).toContain("zenith");
    expect(await catalogueTags(other.assetId)).toEqual([]);
    expect(await found("zenith")).toEqual([keeper.assetId]);

    // The product is deleted in Shopify: the publish that reads it back marks the listing gone, and the
    // tags it gave go (the placement stays, for the usage map's history).
    w.shopify.state.products.delete(productGid);
    await publishListing(w.deps, shopId, listingId, { lastAttempt: false });
    expect((await prisma().listing.findFirstOrThrow({ where: { id: listingId } })).deletedAt).not.toBeNull();
    expect(await catalogueTags(keeper.assetId)).toEqual([]);
    expect(await found("zenith")).toEqual([]);
  });
});
