// Catalogue import through the Catalogue contract (the in-memory fake here; the connectors' own suites
// cover their channels): every page written, listings gone from the channel marked deleted, failures
// recorded on the account, and browsing by title or SKU within the shop.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChannelError, type Catalogue } from "../connectors/channel";
import { createFakeCatalogue, FakeChannelState } from "../connectors/fake/fake-channel";
import { connectAccount, listAccounts } from "../app/.server/sync/accounts.service";
import { countMatchingListings, listingsMatching, browseListings, importCatalogue } from "../app/.server/sync/catalogue.service";
import { DB_KINDS } from "./support/db";
import { createTestServices, createTestShop, TEST_ACTOR, TEST_ADMIN, type TestContext } from "./support/services";

describe.each(DB_KINDS)("catalogue import on %s", (kind) => {
  let t: TestContext;
  let shopId: string;
  let accountId: string;
  const state = new FakeChannelState();
  const titles = new Map<string, string>();
  const prisma = () => t.services.db.prisma;

  beforeAll(async () => {
    t = await createTestServices(kind);
    shopId = (await createTestShop(t.services)).id;
    for (let i = 0; i < 250; i++) {
      const id = `p${String(i).padStart(4, "0")}`;
      state.seedListing(id, 1 + (i % 3));
      titles.set(id, i % 50 === 0 ? `Ceramic lamp ${i}` : `Linen shirt ${i}`);
    }
    accountId = (await connectAccount({ prisma: prisma(), sealer: t.services.sealer }, shopId, TEST_ADMIN, { channel: "shopify", externalId: "fake.myshopify.com", name: "Fake store", region: null, marketplaces: [], scopes: [], grant: null })).id;
  });
  afterAll(async () => t?.close());

  it("imports every page with each listing's images, and browses by title or SKU", async () => {
    const r = await importCatalogue(prisma(), shopId, accountId, createFakeCatalogue(state, titles), { pageSize: 100 });
    expect(r).toEqual({ listings: 250, deleted: 0 });
    const lamps = await browseListings(prisma(), shopId, TEST_ACTOR, { q: "ceramic" }, {});
    expect(lamps.items.map((l) => l.title).sort()).toEqual(["Ceramic lamp 0", "Ceramic lamp 100", "Ceramic lamp 150", "Ceramic lamp 200", "Ceramic lamp 50"]);
    expect((lamps.items[0]!.images as unknown[]).length).toBeGreaterThan(0);
    expect((await browseListings(prisma(), shopId, TEST_ACTOR, { q: "lamp 1%" }, {})).items).toEqual([]); // % is literal
    // "Select all matching" in the swap: every match, however many pages, with the channels among them.
    const all = await listingsMatching(prisma(), shopId, TEST_ACTOR, { q: "ceramic" });
    expect(all).toMatchObject({ total: 5, channels: ["shopify"] });
    expect(all.ids.sort()).toEqual(lamps.items.map((l) => l.id).sort());
    expect((await listingsMatching(prisma(), shopId, TEST_ACTOR, {})).ids).toHaveLength(250);
    expect(await listingsMatching(prisma(), shopId, TEST_ACTOR, { channel: "amazon" })).toEqual({ total: 0, ids: [], channels: [] });
    expect(await countMatchingListings(prisma(), shopId, TEST_ACTOR, { q: "linen" })).toBe(245);
    const bySku = await browseListings(prisma(), shopId, TEST_ACTOR, { q: "SKU-p0042" }, {});
    expect(bySku.items.map((l) => l.externalId)).toEqual(["p0042"]);
    const page1 = await browseListings(prisma(), shopId, TEST_ACTOR, { channel: "shopify" }, { limit: 200 });
    const page2 = await browseListings(prisma(), shopId, TEST_ACTOR, { channel: "shopify" }, { limit: 200, cursor: page1.nextCursor });
    expect(page1.items.length + page2.items.length).toBe(250);
    expect(page2.nextCursor).toBeNull();
    expect((await listAccounts(prisma(), shopId, TEST_ACTOR))[0]!.lastImportAt).not.toBeNull();
    // Another shop sees none of them.
    const other = (await createTestShop(t.services)).id;
    expect((await browseListings(prisma(), other, TEST_ACTOR, {}, {})).items).toEqual([]);
  });

  it("a listing gone from the channel is marked deleted on the next import; a failed import is recorded", async () => {
    state.deleteListing("p0042");
    const r = await importCatalogue(prisma(), shopId, accountId, createFakeCatalogue(state, titles), { pageSize: 100 });
    expect(r).toEqual({ listings: 249, deleted: 1 });
    expect((await browseListings(prisma(), shopId, TEST_ACTOR, { q: "SKU-p0042" }, {})).items).toEqual([]);
    expect((await browseListings(prisma(), shopId, TEST_ACTOR, { q: "SKU-p0042", includeDeleted: true }, {})).items[0]!.deletedAt).not.toBeNull();

    const failing: Catalogue = { listListings: async () => { throw new ChannelError("throttled", "Too many requests.", { retryAfterMs: 2000 }); } };
    await expect(importCatalogue(prisma(), shopId, accountId, failing)).rejects.toThrow(/Too many/);
    const account = (await listAccounts(prisma(), shopId, TEST_ACTOR))[0]!;
    expect(account.lastImportError).toBe("Too many requests.");
    expect((await browseListings(prisma(), shopId, TEST_ACTOR, {}, { limit: 200 })).items.length).toBe(200); // nothing lost
  });
});
