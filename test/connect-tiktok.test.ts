// Connecting a TikTok Shop seller end to end against the TikTok sandbox: consent → callback → code
// exchange → authorised shops → account with sealed tokens → catalogue import through the connector.
// A wrong, replayed or denied callback changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTikTokSandbox, type TikTokSandbox } from "../sandbox/tiktok";
import { setConfig } from "../app/.server/config";
import { useServices } from "../app/.server/context";
import { createMember } from "../app/.server/governance/members.repository";
import { actorOf } from "../app/.server/governance/members.service";
import type { Actor } from "../app/.server/library/types";
import { importCatalogue, browseListings } from "../app/.server/sync/catalogue.service";
import { connectCallback } from "../app/.server/sync/connect-callback";
import { finishConnect, startConnect } from "../app/.server/sync/connect.service";
import { DB_KINDS } from "./support/db";
import { createTestServices, createTestShop, TEST_ACTOR, type TestContext } from "./support/services";

const APP = "http://app.test";

describe.each(DB_KINDS)("connecting TikTok Shop on %s", (kind) => {
  let sandbox: TikTokSandbox;
  let t: TestContext;
  let shopId: string;
  let admin: Actor;

  /** The seller's browser: open the consent page, press a button, follow the redirect back to us. */
  async function consent(url: string, decision: "approve" | "deny") {
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const state = new URL(url).searchParams.get("state")!;
    const res = await fetch(new URL("/open/authorize", url), { method: "POST", body: new URLSearchParams({ state, decision }), redirect: "manual" });
    const back = new URL(res.headers.get("location")!);
    expect(back.pathname).toBe("/oauth/tiktok/callback");
    return back.searchParams;
  }

  beforeAll(async () => {
    sandbox = await startTikTokSandbox({ redirectUrl: `${APP}/oauth/tiktok/callback`, seedProducts: 120 });
    t = await createTestServices(kind, {
      env: {
        TIKTOK_APP_KEY: "sbx_app_key",
        TIKTOK_APP_SECRET: "sbx_app_secret",
        TIKTOK_SERVICE_ID: "7000000000000000001",
        TIKTOK_AUTH_URL: sandbox.authUrl,
        TIKTOK_API_URL: sandbox.url,
        TIKTOK_AUTHORIZE_URL: `${sandbox.authUrl}/open/authorize`,
        TIKTOK_AUTHORIZE_URL_US: `${sandbox.authUrl}/open/authorize`,
      },
    });
    setConfig(t.config);
    useServices(t.services);
    shopId = (await createTestShop(t.services)).id;
    admin = actorOf(await createMember(t.services.db.prisma, shopId, { name: "Owner", role: "admin", markets: [], isOwner: true }));
  });
  afterAll(async () => {
    useServices(null);
    setConfig(null);
    await t?.close();
    await sandbox?.close();
  });

  it("consent → callback connects the seller with its shops, seals the tokens and imports the catalogue", async () => {
    await expect(startConnect(t.services, shopId, TEST_ACTOR, "tiktok", "ROW", APP)).rejects.toThrow(/cannot connect or disconnect/);
    const url = await startConnect(t.services, shopId, admin, "tiktok", "ROW", APP);
    expect(url.startsWith(`${sandbox.authUrl}/open/authorize?service_id=7000000000000000001&state=`)).toBe(true);
    const params = await consent(url, "approve");
    const [account] = await finishConnect(t.services, "tiktok", params, APP);
    expect(account).toMatchObject({ channel: "tiktok", status: "active", region: "ROW" });
    const shops = account!.marketplaces as Array<{ cipher: string }>;
    expect(shops.length).toBeGreaterThan(0);
    expect(shops[0]!.cipher).toBeTruthy();
    const raw = JSON.stringify(await t.services.db.prisma.$queryRawUnsafe(`select * from "ChannelAccount" where id = $1::uuid`, account!.id));
    for (const token of sandbox.state.issuedTokens()) expect(raw).not.toContain(token);
    expect(await t.services.queue.boss.findJobs("catalogue.import", { data: { accountId: account!.id }, queued: true })).toHaveLength(1);

    const channel = await t.services.channels.channelFor(account!);
    const r = await importCatalogue(t.services.db.prisma, shopId, account!.id, channel, { pageSize: 50 });
    expect(r.listings).toBe(120);
    const found = await browseListings(t.services.db.prisma, shopId, TEST_ACTOR, { channel: "tiktok", q: "Seeded product 7" }, {});
    expect(found.items.length).toBeGreaterThan(0);
    expect((found.items[0]!.images as unknown[]).length).toBeGreaterThan(0);

    // The same callback again (a reload, a replay): refused, nothing exchanged or changed.
    const grants = sandbox.state.tokenGrants.authorizedCode;
    await expect(finishConnect(t.services, "tiktok", params, APP)).rejects.toThrow(/already used/);
    expect(sandbox.state.tokenGrants.authorizedCode).toBe(grants);
  });

  it("a denied consent or a forged state connects nothing and shows why", async () => {
    const before = await t.services.db.prisma.channelAccount.count({ where: { shopId } });
    const denied = await consent(await startConnect(t.services, shopId, admin, "tiktok", "US", APP), "deny");
    const page = await connectCallback(new Request(`${APP}/oauth/tiktok/callback?${denied}`), "tiktok");
    expect(page).toMatchObject({ message: expect.stringMatching(/did not approve/) });

    const approved = await consent(await startConnect(t.services, shopId, admin, "tiktok", "US", APP), "approve");
    approved.set("state", `${approved.get("state")!.slice(0, -4)}AAAA`);
    const grants = sandbox.state.tokenGrants.authorizedCode;
    const forged = await connectCallback(new Request(`${APP}/oauth/tiktok/callback?${approved}`), "tiktok");
    expect(forged).toMatchObject({ message: expect.stringMatching(/not valid/) });
    expect(sandbox.state.tokenGrants.authorizedCode).toBe(grants); // the code was never spent
    expect(await t.services.db.prisma.channelAccount.count({ where: { shopId } })).toBe(before);
  });
});
