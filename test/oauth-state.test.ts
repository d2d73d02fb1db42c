// OAuth state: signed, bound to shop, member and channel, ten minutes, single-use; forgeries, replays and
// stale links are refused with a clear reason.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumeOAuthState, issueOAuthState, OAUTH_STATE_TTL_MS } from "../app/.server/sync/oauth-state";
import { DB_KINDS } from "./support/db";
import { createTestServices, createTestShop, type TestContext } from "./support/services";

const KEY = "oauth-test-key";

describe.each(DB_KINDS)("OAuth state on %s", (kind) => {
  let t: TestContext;
  let shopId: string;
  const prisma = () => t.services.db.prisma;
  beforeAll(async () => {
    t = await createTestServices(kind);
    shopId = (await createTestShop(t.services)).id;
  });
  afterAll(async () => t?.close());

  it("round-trips once, bound to its shop, member, channel and region", async () => {
    const state = await issueOAuthState(prisma(), KEY, { shopId, memberId: "m-1", channel: "amazon", region: "EU" });
    expect(await consumeOAuthState(prisma(), KEY, state, "amazon")).toEqual({ shopId, memberId: "m-1", channel: "amazon", region: "EU" });
    await expect(consumeOAuthState(prisma(), KEY, state, "amazon")).rejects.toThrow(/already used/);
  });

  it("refuses a forged or altered signature, another channel, garbage and an expired state", async () => {
    const state = await issueOAuthState(prisma(), KEY, { shopId, memberId: "m-1", channel: "tiktok", region: null });
    await expect(consumeOAuthState(prisma(), "other-key", state, "tiktok")).rejects.toThrow(/not valid/);
    await expect(consumeOAuthState(prisma(), KEY, `${state.split(".")[0]}.AAAA`, "tiktok")).rejects.toThrow(/not valid/);
    await expect(consumeOAuthState(prisma(), KEY, state, "amazon")).rejects.toThrow(/not valid/);
    await expect(consumeOAuthState(prisma(), KEY, "nope", "tiktok")).rejects.toThrow(/not valid/);
    const later = new Date(Date.now() + OAUTH_STATE_TTL_MS + 1000);
    await expect(consumeOAuthState(prisma(), KEY, state, "tiktok", later)).rejects.toThrow(/expired/);
    // The refusals changed nothing: the state still works in time.
    expect((await consumeOAuthState(prisma(), KEY, state, "tiktok")).memberId).toBe("m-1");
  });
});
