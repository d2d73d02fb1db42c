// The activity feed and its delivery: rows are written in the caller's transaction with their
// notify.send job (outbox), settings are validated with clear messages, and sending posts Slack JSON to
// the shop's webhook and mails its recipients through SMTP — retried on failure, never sent twice.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import { parseConfig, type Config } from "../app/.server/config";
import { useServices } from "../app/.server/context";
import { scanRights, setRights } from "../app/.server/governance/rights.service";
import { setArchived } from "../app/.server/library/assets.service";
import { ingestDepsOf, ingestStream } from "../app/.server/library/ingest.service";
import type { Actor } from "../app/.server/library/types";
import { listActivity, recordActivity, type ActivityInput } from "../app/.server/notify/activity.service";
import { NO_SMTP, sendActivity, type SendDeps } from "../app/.server/notify/send.job";
import { saveSyncSettings, sendTestNotification, syncSettingsForAdmin, type SyncSettingsInput } from "../app/.server/notify/sync-settings.service";
import { DB_KINDS } from "./support/db";
import { streamOf } from "./support/files";
import { solidJpeg } from "./support/images";
import { createTestServices, createTestShop, TEST_ACTOR, TEST_ADMIN, type TestContext } from "./support/services";

const DAY = 24 * 3600 * 1000;
const APP_URL = "https://assetline.example";

interface Hook {
  path: string;
  contentType: string | undefined;
  body: { text: string; blocks?: unknown[] };
}
interface Mail {
  from: string;
  to: string[];
  raw: string;
}

/** A Slack-like incoming webhook on port 0 that answers with `status`. */
async function startWebhook() {
  const received: Hook[] = [];
  const state = { status: 200 };
  const server = http.createServer((req, res) => {
    let data = "";
    req.on("data", (c: Buffer) => (data += c.toString()));
    req.on("end", () => {
      received.push({ path: req.url ?? "", contentType: req.headers["content-type"], body: JSON.parse(data) as Hook["body"] });
      res.writeHead(state.status, { "Content-Type": "text/plain" });
      res.end(state.status === 200 ? "ok" : "internal_error");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { received, state, url: (secret: string) => `http://127.0.0.1:${port}/services/T000/B000/${secret}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** An SMTP server on port 0 that accepts anything (no auth, no TLS) and keeps the messages. */
async function startSmtp() {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const from = session.envelope.mailFrom;
        mails.push({ from: from ? from.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { mails, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The body of a simple text/plain message (quoted-printable undone). */
function mailText(raw: string): string {
  const body = raw.slice(raw.indexOf("\r\n\r\n") + 4).replace(/\r\n/g, "\n");
  const bytes = body.replace(/=\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

describe.each(DB_KINDS)("activity and notifications on %s", (kind) => {
  let t: TestContext;
  let shopId: string;
  let image: { assetId: string; versionId: string };
  let hook: Awaited<ReturnType<typeof startWebhook>>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const prisma = () => t.services.db.prisma;
  const lib = () => ({ prisma: prisma(), queue: t.services.queue });
  const config = (c: Partial<Pick<Config, "smtp" | "shopify">> = {}): SendDeps["config"] => ({
    smtp: { url: smtp.url, from: "Assetline <no-reply@assetline.local>" },
    shopify: { apiKey: "k", apiSecret: "s", appUrl: APP_URL, scopes: [], customShopDomains: [] },
    ...c,
  });
  const deps = (c?: Partial<Pick<Config, "smtp" | "shopify">>): SendDeps => ({ prisma: prisma(), config: config(c) });
  const settings = (s: Partial<SyncSettingsInput> = {}) => saveSyncSettings(prisma(), shopId, TEST_ADMIN, { webhookUrl: null, emailTo: [], notifyKinds: [], defaultFallbackAssetId: null, ...s });
  const record = (input: Partial<ActivityInput> = {}) =>
    prisma().$transaction((tx) =>
      recordActivity(tx, t.services.queue, shopId, { kind: "version.live", title: "Spring hero v3 is live", body: "On 12 listings.", link: `/app/assets/${image.assetId}`, subjectType: "asset", subjectId: image.assetId, ...input }),
    );
  const jobsFor = async (activityId: string) => (await t.services.queue.boss.findJobs<{ activityId: string }>("notify.send", { data: { shopId, activityId } })).length;
  const activity = (id: string) => prisma().activity.findUniqueOrThrow({ where: { id } });

  beforeAll(async () => {
    [hook, smtp] = await Promise.all([startWebhook(), startSmtp()]);
    t = await createTestServices(kind);
    useServices(t.services);
    shopId = (await createTestShop(t.services, `notify-${randomUUID().slice(0, 8)}.myshopify.com`)).id;
    const o = await ingestStream(ingestDepsOf(t.services), shopId, TEST_ACTOR, { stream: streamOf(await solidJpeg({ r: 200, g: 30, b: 60 })), filename: "hero.jpg" });
    if (o.status !== "created") throw new Error("expected created");
    image = { assetId: o.assetId, versionId: o.versionId };
  });
  afterAll(async () => {
    useServices(null);
    await t?.close();
    await Promise.all([hook?.close(), smtp?.close()]);
  });
  beforeEach(() => {
    hook.state.status = 200;
  });

  it("an activity is written with its notify.send job in the caller's transaction; a rollback leaves neither", async () => {
    // Nowhere to send: the row is written, nothing is queued.
    const quiet = await record({ title: "Quiet" });
    expect(quiet.delivery).toBeNull();
    expect(await jobsFor(quiet.id)).toBe(0);

    await settings({ webhookUrl: hook.url("rollback") });
    let id = "";
    await expect(
      prisma().$transaction(async (tx) => {
        id = (await recordActivity(tx, t.services.queue, shopId, { kind: "sync.failed", title: "Rolled back", subjectType: "listing" })).id;
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(id).not.toBe("");
    expect(await prisma().activity.count({ where: { shopId, id } })).toBe(0);
    expect(await jobsFor(id)).toBe(0);

    const kept = await record({ kind: "sync.failed", title: "Committed", subjectType: "listing" });
    expect(kept.delivery).toBe("pending");
    expect(await jobsFor(kept.id)).toBe(1);

    // Kinds the shop does not want stay in the feed without going out.
    await settings({ webhookUrl: hook.url("kinds"), notifyKinds: ["rights.expired"] });
    const unwanted = await record({ kind: "placement.drifted", title: "Drifted" });
    expect(unwanted.delivery).toBeNull();
    expect(await jobsFor(unwanted.id)).toBe(0);
  });

  it("settings are validated with messages a merchant understands, and the webhook URL stays out of the audit log", async () => {
    const bad = (s: Partial<SyncSettingsInput>) => settings(s);
    await expect(bad({ webhookUrl: "http://hooks.example.com/x" })).rejects.toThrow("The webhook URL must start with https:// (plain http:// only for localhost).");
    await expect(bad({ webhookUrl: "not a url" })).rejects.toMatchObject({ kind: "validation", details: { field: "webhookUrl" } });
    await expect(bad({ emailTo: ["ops@example.com", "not-an-email"] })).rejects.toThrow("“not-an-email” is not an email address.");
    await expect(bad({ emailTo: Array.from({ length: 21 }, (_, i) => `p${i}@example.com`) })).rejects.toThrow(/at most 20 email addresses/);
    await expect(bad({ notifyKinds: ["version.live", "everything"] })).rejects.toThrow(/Notification kinds are version.live, sync.failed/);
    await expect(bad({ defaultFallbackAssetId: randomUUID() })).rejects.toThrow("The fallback image was not found in this shop.");
    await expect(bad({ defaultFallbackAssetId: "abc" })).rejects.toThrow("Choose the fallback image from the list.");
    const pdf = await ingestStream(ingestDepsOf(t.services), shopId, TEST_ACTOR, {
      stream: streamOf(Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")),
      filename: "spec.pdf",
    });
    if (pdf.status !== "created") throw new Error("expected created");
    await expect(bad({ defaultFallbackAssetId: pdf.assetId })).rejects.toThrow("The fallback must be an image.");
    const other = await ingestStream(ingestDepsOf(t.services), shopId, TEST_ACTOR, { stream: streamOf(await solidJpeg({ r: 1, g: 2, b: 250 })), filename: "old.jpg" });
    if (other.status !== "created") throw new Error("expected created");
    await setArchived(lib(), shopId, TEST_ADMIN, [other.assetId], true);
    await expect(bad({ defaultFallbackAssetId: other.assetId })).rejects.toThrow(/archived/);
    await expect(saveSyncSettings(prisma(), shopId, TEST_ACTOR, { emailTo: [] })).rejects.toMatchObject({ kind: "forbidden" });

    const secret = `secret-${randomUUID()}`;
    const saved = await settings({
      webhookUrl: hook.url(secret),
      emailTo: ["Ops@Example.com", " ops@example.com ", "studio@example.com"],
      notifyKinds: ["version.live", "sync.failed", "placement.blocked", "placement.drifted", "placement.withdrawn", "rights.expiring", "rights.expired"],
      defaultFallbackAssetId: image.assetId,
    });
    expect(saved.emailTo).toEqual(["ops@example.com", "studio@example.com"]);
    expect(saved.notifyKinds).toEqual([]); // every kind = all, including kinds added later
    expect(saved.webhookHint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/….{4}$/);
    expect(saved.webhookHint).not.toContain(secret);
    const admin = await syncSettingsForAdmin(prisma(), shopId, TEST_ADMIN);
    expect(JSON.stringify(admin)).not.toContain(secret);
    expect(admin.fallbackCandidates.map((c) => c.id)).toContain(image.assetId);
    expect(admin.fallbackCandidates.map((c) => c.id)).not.toContain(pdf.assetId);
    expect(admin.fallbackCandidates.map((c) => c.id)).not.toContain(other.assetId);
    // Leaving the URL out keeps it; the audit log says what happened without the credential.
    await saveSyncSettings(prisma(), shopId, TEST_ADMIN, { emailTo: ["ops@example.com"] });
    expect((await prisma().syncSettings.findUniqueOrThrow({ where: { shopId } })).webhookUrl).toBe(hook.url(secret));
    const audits = await prisma().auditEvent.findMany({ where: { shopId, action: "sync_settings.updated" }, orderBy: { createdAt: "asc" } });
    expect(audits.length).toBeGreaterThanOrEqual(2);
    expect(audits.at(-2)!.data).toMatchObject({ webhook: "replaced", webhookHost: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
    expect(audits.at(-1)!.data).toMatchObject({ webhook: "unchanged", emailTo: ["ops@example.com"] });
    for (const a of audits) expect(JSON.stringify(a.data)).not.toMatch(/secret-|\/services\//);
  });

  it("sends Slack JSON to the webhook and an email through SMTP, then records it sent", async () => {
    await settings({ webhookUrl: hook.url("deliver"), emailTo: ["ops@example.com", "studio@example.com"] });
    const a = await record({ title: "Spring hero v3 is live", body: "On 12 listings across 3 channels." });
    const hooksBefore = hook.received.length;
    const mailsBefore = smtp.mails.length;
    await sendActivity(deps(), shopId, a.id, { lastAttempt: false });

    expect(hook.received.length).toBe(hooksBefore + 1);
    const h = hook.received.at(-1)!;
    expect(h.path).toBe("/services/T000/B000/deliver");
    expect(h.contentType).toBe("application/json");
    const link = `${APP_URL}/app/assets/${image.assetId}`;
    expect(h.body.text).toBe(`*Spring hero v3 is live*\nOn 12 listings across 3 channels.\n<${link}|Open in Assetline>`);
    expect(h.body.blocks).toHaveLength(2);

    expect(smtp.mails.length).toBe(mailsBefore + 1);
    const m = smtp.mails.at(-1)!;
    expect(m.from).toBe("no-reply@assetline.local");
    expect(m.to).toEqual(["ops@example.com", "studio@example.com"]);
    expect(m.raw).toMatch(/^Subject: \[notify-[0-9a-f]{8}\] Spring hero v3 is live\r$/m);
    const text = mailText(m.raw);
    expect(text).toContain("Spring hero v3 is live\n\nOn 12 listings across 3 channels.\n\n");
    expect(text).toContain(`Open in Assetline: ${link}`);

    const row = await activity(a.id);
    expect(row).toMatchObject({ delivery: "sent", deliveryError: null });
    expect(row.deliveredAt).toBeInstanceOf(Date);

    // A repeated job (or a late one) for an activity already sent sends nothing.
    await sendActivity(deps(), shopId, a.id, { lastAttempt: false });
    expect(hook.received.length).toBe(hooksBefore + 1);
    expect(smtp.mails.length).toBe(mailsBefore + 1);
  });

  it("a 500 from the webhook throws for a retry that sends only what failed; the last attempt records failed", async () => {
    await settings({ webhookUrl: hook.url("flaky"), emailTo: ["ops@example.com"] });
    const a = await record({ kind: "sync.failed", title: "Sync failed on Amazon", subjectType: "listing" });
    hook.state.status = 500;
    const mailsBefore = smtp.mails.length;
    await expect(sendActivity(deps(), shopId, a.id, { lastAttempt: false })).rejects.toMatchObject({ kind: "unavailable", message: expect.stringMatching(/webhook: answered 500/) });
    expect(await activity(a.id)).toMatchObject({ delivery: "pending", deliveryError: "webhook: answered 500 (internal_error)" });
    expect(smtp.mails.length).toBe(mailsBefore + 1); // the email went out on the first attempt

    const hooksBefore = hook.received.length;
    await expect(sendActivity(deps(), shopId, a.id, { lastAttempt: false })).rejects.toThrow(/will retry/);
    expect(hook.received.length).toBe(hooksBefore + 1);
    expect(smtp.mails.length).toBe(mailsBefore + 1); // not mailed again

    await sendActivity(deps(), shopId, a.id, { lastAttempt: true });
    expect(await activity(a.id)).toMatchObject({ delivery: "failed", deliveryError: "webhook: answered 500 (internal_error)", deliveredAt: null });
    hook.state.status = 200;
    await sendActivity(deps(), shopId, a.id, { lastAttempt: false }); // failed is final: nothing more is sent
    expect(hook.received.length).toBe(hooksBefore + 2);
  });

  it("an unreachable webhook and a missing SMTP setup are recorded without leaking the URL", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await settings({ webhookUrl: `http://127.0.0.1:${port}/services/T/B/hidden-token`, emailTo: ["ops@example.com"] });
    const a = await record({ title: "Unreachable" });
    await sendActivity(deps({ smtp: null }), shopId, a.id, { lastAttempt: true });
    const row = await activity(a.id);
    expect(row.delivery).toBe("failed");
    expect(row.deliveryError).toBe(`webhook: could not be reached (ECONNREFUSED)\nemail: ${NO_SMTP}`);
    expect(row.deliveryError).not.toContain("hidden-token");

    // Email alone without SMTP cannot get better by retrying: failed at once, no throw.
    await settings({ emailTo: ["ops@example.com"] });
    const b = await record({ title: "No SMTP" });
    await sendActivity(deps({ smtp: null }), shopId, b.id, { lastAttempt: false });
    expect(await activity(b.id)).toMatchObject({ delivery: "failed", deliveryError: `email: ${NO_SMTP}` });
  });

  it("rights.scan records a licence-ended activity and queues its delivery", async () => {
    await settings({ webhookUrl: hook.url("rights") });
    const end = new Date(Date.now() + 30 * DAY);
    await setRights({ prisma: prisma(), queue: t.services.queue }, shopId, TEST_ACTOR, image.assetId, { licensor: "Studio Nord", licenceStart: null, licenceEnd: end, territories: [], channels: [], containsPeople: false, modelReleaseRef: null, fallbackAssetId: null });
    await scanRights(prisma(), t.services.queue, new Date(end.getTime() - 5 * DAY));
    await scanRights(prisma(), t.services.queue, new Date(end.getTime() + 1000));
    const rows = await prisma().activity.findMany({ where: { shopId, subjectId: image.assetId, kind: { startsWith: "rights." } }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => r.kind)).toEqual(["rights.expiring", "rights.expired"]);
    const expired = rows[1]!;
    expect(expired).toMatchObject({ title: "The licence of “Hero” has ended", link: `/app/assets/${image.assetId}`, subjectType: "asset", delivery: "pending" });
    expect(await jobsFor(expired.id)).toBe(1);
    await sendActivity(deps(), shopId, expired.id, { lastAttempt: false });
    expect(hook.received.at(-1)!.body.text).toContain("The licence of “Hero” has ended");
  });

  it("the feed pages newest first; a send test goes out whatever kinds are chosen", async () => {
    await settings({ webhookUrl: hook.url("test"), notifyKinds: ["rights.expired"] });
    const test = await sendTestNotification(prisma(), t.services.queue, shopId, TEST_ADMIN);
    expect(test).toMatchObject({ kind: "version.live", subjectType: "test", delivery: "pending" });
    await sendActivity(deps(), shopId, test.id, { lastAttempt: false });
    expect(hook.received.at(-1)!.body.text).toContain("Test notice from Assetline");
    await expect(sendTestNotification(prisma(), t.services.queue, shopId, TEST_ACTOR)).rejects.toMatchObject({ kind: "forbidden" });

    const first = await listActivity(prisma(), shopId, TEST_ACTOR, { limit: 3 });
    expect(first.items[0]!.id).toBe(test.id);
    expect(first.nextCursor).not.toBeNull();
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listActivity>> = await listActivity(prisma(), shopId, TEST_ACTOR, { limit: 3, cursor });
      all.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(await prisma().activity.count({ where: { shopId } }));
    const usOnly: Actor = { ...TEST_ACTOR, markets: ["US"] };
    await expect(listActivity(prisma(), shopId, usOnly, {})).rejects.toMatchObject({ kind: "forbidden" });
    // Another shop's feed is its own.
    const other = await createTestShop(t.services);
    expect((await listActivity(prisma(), other.id, TEST_ACTOR, {})).items).toEqual([]);

    await settings({});
    await expect(sendTestNotification(prisma(), t.services.queue, shopId, TEST_ADMIN)).rejects.toThrow("Add a webhook URL or email recipients and save them first.");
  });

  it("SMTP settings are read from the environment without echoing the password", () => {
    expect(parseConfig({}).smtp).toBeNull();
    expect(parseConfig({ SMTP_URL: "smtp://u:pw@mail.example:587" }).smtp).toEqual({ url: "smtp://u:pw@mail.example:587", from: "Assetline <no-reply@assetline.local>" });
    expect(parseConfig({ SMTP_URL: "smtps://mail.example", SMTP_FROM: "Shop <n@shop.example>" }).smtp?.from).toBe("Shop <n@shop.example>");
    expect(() => parseConfig({ SMTP_URL: "https://u:topsecret@mail.example" })).toThrow(/SMTP_URL: must be smtp:/);
    expect(() => parseConfig({ SMTP_URL: "https://u:topsecret@mail.example" })).not.toThrow(/topsecret/);
  });
});
