// In-app notifications: who is told when a version waits for review (the step's deciders, in the
// asset's markets, not the sender), when it is approved or rejected (whoever submitted it), and when a
// licence is about to end or ended (admins, once); each person reads and clears only their own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useServices } from "../app/.server/context";
import { createMember } from "../app/.server/governance/members.repository";
import { actorOf } from "../app/.server/governance/members.service";
import { markRead, myNotifications, unreadCount } from "../app/.server/governance/notifications.service";
import { scanRights, setRights } from "../app/.server/governance/rights.service";
import { changeVersionState, editAsset } from "../app/.server/library/assets.service";
import { ingestStream, ingestDepsOf } from "../app/.server/library/ingest.service";
import type { Actor } from "../app/.server/library/types";
import { markShopUninstalled } from "../app/.server/shops/shops.repository";
import { DB_KINDS } from "./support/db";
import { streamOf } from "./support/files";
import { solidJpeg } from "./support/images";
import { createTestServices, createTestShop, TEST_ADMIN, type TestContext } from "./support/services";

const DAY = 24 * 3600 * 1000;

describe.each(DB_KINDS)("notifications on %s", (kind) => {
  let t: TestContext;
  let shop: { id: string; domain: string };
  let owner: Actor, author: Actor, usReviewer: Actor, euReviewer: Actor, viewer: Actor;
  const lib = () => ({ prisma: t.services.db.prisma, queue: t.services.queue });
  const prisma = () => t.services.db.prisma;
  let n = 0;
  async function usImage() {
    const o = await ingestStream(ingestDepsOf(t.services), shop.id, TEST_ADMIN, { stream: streamOf(await solidJpeg({ r: 5 + 30 * n++, g: 40, b: 200 })), filename: `n-${n}.jpg` });
    if (o.status !== "created") throw new Error("expected created");
    await editAsset(lib(), shop.id, TEST_ADMIN, o.assetId, { markets: ["US"], title: `Hero ${n}` });
    await prisma().assetVersion.update({ where: { id: o.versionId }, data: { processing: "ready" } });
    return o;
  }
  const titles = async (who: Actor) => (await myNotifications(prisma(), shop.id, who)).map((x) => `${x.kind}: ${x.title}`);

  beforeAll(async () => {
    t = await createTestServices(kind);
    useServices(t.services);
    shop = await createTestShop(t.services);
    const m = async (name: string, role: string, markets: string[], isOwner = false) =>
      actorOf(await createMember(prisma(), shop.id, { name, role, markets, isOwner }));
    owner = await m("Owner", "admin", [], true);
    author = await m("Designer", "editor", ["US"]);
    usReviewer = await m("US reviewer", "reviewer", ["US"]);
    euReviewer = await m("EU reviewer", "reviewer", ["EU"]);
    viewer = await m("Viewer", "viewer", []);
  });
  afterAll(async () => {
    useServices(null);
    await t?.close();
  });

  it("a submitted version notifies the people who may decide it, in its markets, but not its sender", async () => {
    const o = await usImage();
    await changeVersionState(lib(), shop.id, author, o.versionId, "submit");
    expect(await titles(usReviewer)).toEqual([`review.requested: “Hero ${n}” v1 waits for your review`]);
    expect(await titles(owner)).toHaveLength(1);
    expect(await titles(euReviewer)).toEqual([]);
    expect(await titles(viewer)).toEqual([]);
    expect(await titles(author)).toEqual([]);
    expect((await myNotifications(prisma(), shop.id, usReviewer))[0]).toMatchObject({ link: "/app/inbox", read: false, body: expect.stringContaining("sent by Designer") });

    await changeVersionState(lib(), shop.id, usReviewer, o.versionId, "approve");
    expect(await titles(author)).toEqual([`version.approved: “Hero ${n}” v1 was approved`]);
    expect((await myNotifications(prisma(), shop.id, author))[0]!.link).toBe(`/app/assets/${o.assetId}`);
  });

  it("a rejection tells the author why; nobody is told about their own decision", async () => {
    const o = await usImage();
    await changeVersionState(lib(), shop.id, author, o.versionId, "submit");
    await changeVersionState(lib(), shop.id, owner, o.versionId, "reject", "Price sticker visible");
    const mine = await myNotifications(prisma(), shop.id, author);
    expect(mine[0]).toMatchObject({ kind: "version.rejected", body: "by Owner: “Price sticker visible”" });
    const self = await usImage();
    const before = (await myNotifications(prisma(), shop.id, owner)).length;
    await changeVersionState(lib(), shop.id, owner, self.versionId, "approve"); // straight from draft
    expect((await myNotifications(prisma(), shop.id, owner)).length).toBe(before);
  });

  it("a failed decision notifies nobody (same transaction)", async () => {
    const o = await usImage();
    await changeVersionState(lib(), shop.id, author, o.versionId, "submit");
    const before = (await myNotifications(prisma(), shop.id, author)).length;
    await expect(changeVersionState(lib(), shop.id, usReviewer, o.versionId, "reject")).rejects.toThrow(/Say why/);
    expect((await myNotifications(prisma(), shop.id, author)).length).toBe(before);
  });

  it("each person marks only their own notifications read", async () => {
    expect(await unreadCount(prisma(), shop.id, usReviewer)).toBeGreaterThan(0);
    const [first] = await myNotifications(prisma(), shop.id, author);
    expect(await markRead(prisma(), shop.id, usReviewer, [first!.id])).toBe(0); // not theirs
    expect(await markRead(prisma(), shop.id, author, [first!.id])).toBe(1);
    expect((await myNotifications(prisma(), shop.id, author))[0]!.read).toBe(true);
    await markRead(prisma(), shop.id, usReviewer, null);
    expect(await unreadCount(prisma(), shop.id, usReviewer)).toBe(0);
    expect(await unreadCount(prisma(), shop.id, { ...TEST_ADMIN, kind: "api_key" })).toBe(0);
  });

  it("licence notices go to the admins: once seven days ahead, and when it ends; uninstalled shops are skipped", async () => {
    const o = await usImage();
    const end = new Date(Date.now() + 20 * DAY);
    await setRights({ prisma: prisma(), queue: t.services.queue }, shop.id, author, o.assetId, {
      licensor: "Studio", licenceStart: null, licenceEnd: end, territories: [], channels: [], containsPeople: false, modelReleaseRef: null, fallbackAssetId: null,
    });
    const rights = async () => (await titles(owner)).filter((x) => x.startsWith("rights."));
    await scanRights(prisma(), t.services.queue, new Date(end.getTime() - 6 * DAY));
    await scanRights(prisma(), t.services.queue, new Date(end.getTime() - 5 * DAY));
    expect(await rights()).toEqual([`rights.expiring: The licence of “Hero ${n}” ends on ${end.toISOString().slice(0, 10)}`]);
    expect((await titles(author)).some((x) => x.startsWith("rights."))).toBe(false);
    await scanRights(prisma(), t.services.queue, new Date(end.getTime() + 1000));
    expect((await rights())[0]).toBe(`rights.expired: The licence of “Hero ${n}” has ended`);

    // An uninstalled shop's licences are not scanned (and nobody is told).
    const o2 = await usImage();
    const end2 = new Date(Date.now() + 3 * DAY);
    await setRights({ prisma: prisma(), queue: t.services.queue }, shop.id, author, o2.assetId, {
      licensor: "Studio", licenceStart: null, licenceEnd: end2, territories: [], channels: [], containsPeople: false, modelReleaseRef: null, fallbackAssetId: null,
    });
    await markShopUninstalled(prisma(), shop.domain);
    const count = (await rights()).length;
    await scanRights(prisma(), t.services.queue, new Date(end2.getTime() + 1000));
    expect((await rights()).length).toBe(count);
    expect((await prisma().rights.findUniqueOrThrow({ where: { assetId: o2.assetId } })).status).not.toBe("expired");
  });
});
