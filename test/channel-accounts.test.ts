// Channel accounts and their tokens: sealed at rest (no token text in the raw rows), bound to their row,
// refreshed early and once for many callers, rotated refresh tokens never lost to a race, re-sealed
// after a key rotation, deleted on disconnect; only admins connect or disconnect.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChannelError } from "../connectors/channel";
import { createSealer } from "../app/.server/crypto";
import { sealGrant, tokenSourceFor, type TokenGrant } from "../app/.server/sync/account-tokens";
import { connectAccount, disconnectAccount, listAccounts } from "../app/.server/sync/accounts.service";
import { replaceAccountTokens } from "../app/.server/sync/channel-accounts.repository";
import { DB_KINDS } from "./support/db";
import { createTestServices, createTestShop, TEST_ACTOR, TEST_ADMIN, type TestContext } from "./support/services";

const HOUR = 3600_000;
const grant = (n: number, ttl = HOUR): TokenGrant => ({
  accessToken: `Atza|access-${n}-${randomBytes(6).toString("hex")}`,
  accessTokenExpiresAt: new Date(Date.now() + ttl),
  refreshToken: `Atzr|refresh-${n}-${randomBytes(6).toString("hex")}`,
  refreshTokenExpiresAt: null,
});

describe.each(DB_KINDS)("channel accounts on %s", (kind) => {
  let t: TestContext;
  let shopId: string;
  const deps = () => ({ prisma: t.services.db.prisma, sealer: t.services.sealer });
  const connect = (externalId: string, g: TokenGrant) =>
    connectAccount(deps(), shopId, TEST_ADMIN, { channel: "amazon", externalId, name: `Seller ${externalId}`, region: "NA", marketplaces: [{ id: "ATVPDKIKX0DER", name: "Amazon.com", countryCode: "US" }], scopes: [], grant: g });

  beforeAll(async () => {
    t = await createTestServices(kind);
    shopId = (await createTestShop(t.services)).id;
  });
  afterAll(async () => t?.close());

  it("stores tokens sealed: the raw rows hold no token text, and lists never carry token columns", async () => {
    const g = grant(1);
    const account = await connect("A1SELLER", g);
    const raw = await t.services.db.prisma.$queryRawUnsafe<unknown[]>(`select * from "ChannelAccount" where id = $1::uuid`, account.id);
    const text = JSON.stringify(raw);
    expect(text).not.toContain(g.accessToken);
    expect(text).not.toContain(g.refreshToken!);
    expect(text).not.toContain("Atz");
    const audit = JSON.stringify(await t.services.db.prisma.auditEvent.findMany({ where: { shopId } }));
    expect(audit).not.toContain("Atz");
    const listed = await listAccounts(t.services.db.prisma, shopId, TEST_ACTOR);
    expect(Object.keys(listed[0]!)).not.toContain("accessToken");
    expect(Object.keys(listed[0]!)).not.toContain("refreshToken");
    const source = tokenSourceFor(deps(), shopId, account.id, async () => { throw new Error("no refresh expected"); });
    expect(await source.accessToken()).toBe(g.accessToken);
  });

  it("a sealed token copied to another account does not open", async () => {
    const a = await connect("A2SELLER", grant(2));
    const b = await connect("A3SELLER", grant(3));
    const p = t.services.db.prisma;
    const rowA = await p.channelAccount.findUniqueOrThrow({ where: { id: a.id } });
    await p.channelAccount.update({ where: { id: b.id }, data: { accessToken: rowA.accessToken } });
    const source = tokenSourceFor(deps(), shopId, b.id, async () => grant(99));
    await expect(source.accessToken()).rejects.toThrow(/does not match its owner/);
  });

  it("refreshes early, once for many callers, and keeps a rotated refresh token", async () => {
    const first = grant(4, 60_000); // expires within the early-refresh window
    const account = await connect("A4SELLER", first);
    const next = grant(5);
    let calls = 0;
    const source = tokenSourceFor(deps(), shopId, account.id, async (refreshToken) => {
      calls++;
      expect(refreshToken).toBe(first.refreshToken);
      await new Promise((r) => setTimeout(r, 30));
      return next;
    });
    const tokens = await Promise.all(Array.from({ length: 5 }, () => source.accessToken()));
    expect(new Set(tokens)).toEqual(new Set([next.accessToken]));
    expect(calls).toBe(1);
    const again = tokenSourceFor(deps(), shopId, account.id, async (refreshToken) => {
      expect(refreshToken).toBe(next.refreshToken); // the rotated one was stored
      return grant(6);
    });
    expect(await again.accessToken()).toBe(next.accessToken); // still fresh: no refresh
    await again.refresh();
  });

  it("one source (one job's channel) reads the row once; a new source or a refresh reads it again", async () => {
    const account = await connect("A7SELLER", grant(20));
    const stored = grant(21);
    const source = tokenSourceFor(deps(), shopId, account.id, async () => grant(22));
    const first = await source.accessToken();
    // Another process stores new tokens: this job keeps the token it read (still valid for an hour)…
    const row = await t.services.db.prisma.channelAccount.findUniqueOrThrow({ where: { id: account.id } });
    await replaceAccountTokens(t.services.db.prisma, shopId, account.id, row.refreshToken, sealGrant(t.services.sealer, { shopId, channel: "amazon", id: account.id }, stored));
    expect(await source.accessToken()).toBe(first);
    // …the next job reads the new ones…
    expect(await tokenSourceFor(deps(), shopId, account.id, async () => grant(23)).accessToken()).toBe(stored.accessToken);
    // …and a refresh (the channel said 401) forgets what this one read.
    const refreshed = await source.refresh();
    expect(await source.accessToken()).toBe(refreshed);
    expect(refreshed).not.toBe(first);
  });

  it("when another process refreshed first, its tokens win (compare-and-set)", async () => {
    const account = await connect("A5SELLER", grant(7));
    const theirs = grant(8);
    const source = tokenSourceFor(deps(), shopId, account.id, async () => {
      // Meanwhile another worker refreshed and stored its grant.
      const row = await t.services.db.prisma.channelAccount.findUniqueOrThrow({ where: { id: account.id } });
      await replaceAccountTokens(t.services.db.prisma, shopId, account.id, row.refreshToken, sealGrant(t.services.sealer, { shopId, channel: "amazon", id: account.id }, theirs));
      return grant(9);
    });
    expect(await source.refresh()).toBe(theirs.accessToken);
    const after = tokenSourceFor(deps(), shopId, account.id, async () => grant(10));
    expect(await after.accessToken()).toBe(theirs.accessToken);
  });

  it("a refused refresh marks the account for re-authorisation; disconnect deletes the tokens", async () => {
    const account = await connect("A6SELLER", grant(11, 1000));
    const source = tokenSourceFor(deps(), shopId, account.id, async () => {
      throw new ChannelError("auth", "invalid_grant");
    });
    await expect(source.accessToken()).rejects.toThrow(/invalid_grant/);
    expect((await listAccounts(t.services.db.prisma, shopId, TEST_ACTOR)).find((a) => a.id === account.id)!.status).toBe("needs_reauth");

    await expect(disconnectAccount(t.services.db.prisma, shopId, TEST_ACTOR, account.id)).rejects.toThrow(/cannot connect or disconnect/);
    await disconnectAccount(t.services.db.prisma, shopId, TEST_ADMIN, account.id);
    const row = await t.services.db.prisma.channelAccount.findUniqueOrThrow({ where: { id: account.id } });
    expect([row.accessToken, row.refreshToken, row.status]).toEqual([null, null, "disconnected"]);
    const e = await tokenSourceFor(deps(), shopId, account.id, async () => grant(12)).accessToken().then(() => null, (x: unknown) => x);
    expect((e as ChannelError).kind).toBe("auth");
    expect(await t.services.db.prisma.auditEvent.count({ where: { shopId, action: "channel.disconnected", subjectId: account.id } })).toBe(1);
  });

  it("after a key rotation, tokens still open and are sealed again with the new key", async () => {
    const oldKey = randomBytes(32).toString("base64");
    const oldDeps = { prisma: t.services.db.prisma, sealer: createSealer(oldKey) };
    const g = grant(13);
    const account = await connectAccount(oldDeps, shopId, TEST_ADMIN, { channel: "tiktok", externalId: "open-id-1", name: "TikTok seller", region: "US", marketplaces: [], scopes: [], grant: g });
    const rotated = { prisma: t.services.db.prisma, sealer: createSealer(randomBytes(32).toString("base64"), [oldKey]) };
    const source = tokenSourceFor(rotated, shopId, account.id, async () => grant(14));
    expect(await source.accessToken()).toBe(g.accessToken);
    const row = await t.services.db.prisma.channelAccount.findUniqueOrThrow({ where: { id: account.id } });
    expect(rotated.sealer.isStale(row.accessToken!)).toBe(false);
    expect(rotated.sealer.isStale(row.refreshToken!)).toBe(false);
    await expect(tokenSourceFor(oldDeps, shopId, account.id, async () => grant(15)).accessToken()).rejects.toThrow(/neither the current nor a previous key/);
  });

  it("the installed store becomes a channel account once, without tokens of its own, and its import is queued", async () => {
    const { ensureStoreAccount } = await import("../app/.server/sync/accounts.service");
    const shop = await createTestShop(t.services);
    const deps = { prisma: t.services.db.prisma, sealer: t.services.sealer, queue: t.services.queue };
    const a = await ensureStoreAccount(deps, shop, ["read_products"]);
    const b = await ensureStoreAccount(deps, shop, ["read_products"]);
    expect(b.id).toBe(a.id);
    const row = await t.services.db.prisma.channelAccount.findUniqueOrThrow({ where: { id: a.id } });
    expect([row.channel, row.externalId, row.accessToken, row.refreshToken]).toEqual(["shopify", shop.domain, null, null]);
    expect(await t.services.queue.boss.findJobs("catalogue.import", { data: { accountId: a.id }, queued: true })).toHaveLength(1);
  });
});
