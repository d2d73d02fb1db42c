// The shop's sync settings: the default fallback image, and where activity notices go (a Slack-compatible
// webhook, email recipients, which kinds). Admins change them; the webhook URL is a credential, so it is
// never shown back whole, never put in the audit log, and never logged.
import { z } from "zod";
import type { Prisma } from "../db/database";
import { AppError } from "../errors";
import type { JobQueue } from "../jobs/queue";
import { findAsset } from "../library/assets.repository";
import type { Actor } from "../library/types";
import { writeAudit } from "../governance/audit.repository";
import { authorize } from "../governance/authorize";
import { allows } from "../governance/policy";
import { recordActivity } from "./activity.service";
import { ACTIVITY_KINDS } from "./kinds";
import { findSyncSettings, listFallbackCandidates, upsertSyncSettings, type SyncSettingsData } from "./sync-settings.repository";

export const MAX_RECIPIENTS = 20;
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** https anywhere; plain http only to this machine (local receivers and tests). */
function isWebhookUrl(v: string): boolean {
  try {
    const u = new URL(v);
    if (u.username || u.password) return false;
    return u.protocol === "https:" || (u.protocol === "http:" && LOCAL_HOSTS.has(u.hostname));
  } catch {
    return false;
  }
}

const Email = z.email();

export const SyncSettingsInput = z.object({
  /** undefined keeps the saved URL (the form never receives it back); null or "" removes it. */
  webhookUrl: z
    .string()
    .trim()
    .max(2000, "The webhook URL is too long (2000 characters at most).")
    .refine((v) => v === "" || isWebhookUrl(v), "The webhook URL must start with https:// (plain http:// only for localhost).")
    .nullable()
    .optional(),
  emailTo: z
    .array(z.string().trim())
    .default([])
    .transform((list, ctx) => {
      const seen = new Map<string, string>();
      for (const a of list.filter(Boolean)) {
        if (!Email.safeParse(a).success) ctx.addIssue({ code: "custom", message: `“${a.slice(0, 80)}” is not an email address.` });
        else seen.set(a.toLowerCase(), a);
      }
      return [...seen.values()];
    })
    .refine((l) => l.length <= MAX_RECIPIENTS, `Send to at most ${MAX_RECIPIENTS} email addresses; a mailing list address counts as one.`),
  notifyKinds: z
    .array(z.string())
    .default([])
    .refine((l) => l.every((k) => (ACTIVITY_KINDS as readonly string[]).includes(k)), `Notification kinds are ${ACTIVITY_KINDS.join(", ")}.`),
  defaultFallbackAssetId: z.uuid("Choose the fallback image from the list.").nullable().default(null),
});
export type SyncSettingsInput = z.input<typeof SyncSettingsInput>;

export interface SyncSettingsView {
  defaultFallbackAssetId: string | null;
  /** Where the webhook posts, without its secret path: "https://hooks.slack.com/…a1b2". */
  webhookHint: string | null;
  emailTo: string[];
  /** Empty = every kind. */
  notifyKinds: string[];
}

export function webhookHint(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    const path = `${u.pathname}${u.search}`;
    return `${u.protocol}//${u.host}/…${path.length > 12 ? path.slice(-4) : ""}`;
  } catch {
    return "(a URL that no longer parses)";
  }
}

/** Admins only: the settings say where the shop's notices go. (authorize's own words would say "manage members".) */
function authorizeSettings(actor: Actor) {
  if (!allows(actor, "member.manage")) throw new AppError("forbidden", `Notification settings are managed by shop admins; you are signed in as ${actor.role}.`);
  authorize(actor, "member.manage");
}

/** The settings as stored (the sync engine reads defaultFallbackAssetId; sending reads the rest). */
export async function getSyncSettings(prisma: Prisma, shopId: string): Promise<SyncSettingsData> {
  const row = await findSyncSettings(prisma, shopId);
  return {
    defaultFallbackAssetId: row?.defaultFallbackAssetId ?? null,
    webhookUrl: row?.webhookUrl ?? null,
    emailTo: row?.emailTo ?? [],
    notifyKinds: row?.notifyKinds ?? [],
  };
}

/** What an admin sees on the Settings page. */
export async function syncSettingsForAdmin(prisma: Prisma, shopId: string, actor: Actor) {
  authorizeSettings(actor);
  const s = await getSyncSettings(prisma, shopId);
  const view: SyncSettingsView = { defaultFallbackAssetId: s.defaultFallbackAssetId, webhookHint: webhookHint(s.webhookUrl), emailTo: s.emailTo, notifyKinds: s.notifyKinds };
  return { settings: view, fallbackCandidates: await listFallbackCandidates(prisma, shopId, 200) };
}

function parseInput(input: SyncSettingsInput) {
  const r = SyncSettingsInput.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new AppError("validation", issue?.message ?? "Those settings are not valid.", { field: String(issue?.path[0] ?? "") });
}

export async function saveSyncSettings(prisma: Prisma, shopId: string, actor: Actor, input: SyncSettingsInput): Promise<SyncSettingsView> {
  authorizeSettings(actor);
  const v = parseInput(input);
  // Every kind ticked is stored as "all", so kinds added later are sent too.
  const kinds = [...new Set(v.notifyKinds)];
  const notifyKinds = ACTIVITY_KINDS.every((k) => kinds.includes(k)) ? [] : kinds;
  return prisma.$transaction(async (tx) => {
    if (v.defaultFallbackAssetId) {
      const a = await findAsset(tx, shopId, v.defaultFallbackAssetId);
      const bad = !a ? "The fallback image was not found in this shop." : a.kind !== "image" ? "The fallback must be an image." : a.archivedAt ? "The fallback image is archived; unarchive it or choose another." : null;
      if (bad) throw new AppError("validation", bad, { field: "defaultFallbackAssetId" });
    }
    const before = await findSyncSettings(tx, shopId);
    const webhookUrl = v.webhookUrl === undefined ? (before?.webhookUrl ?? null) : v.webhookUrl || null;
    const row = await upsertSyncSettings(tx, shopId, { defaultFallbackAssetId: v.defaultFallbackAssetId, webhookUrl, emailTo: v.emailTo, notifyKinds });
    const webhook = webhookUrl === (before?.webhookUrl ?? null) ? "unchanged" : !webhookUrl ? "removed" : before?.webhookUrl ? "replaced" : "added";
    await writeAudit(tx, shopId, actor, {
      action: "sync_settings.updated",
      subjectType: "sync_settings",
      // The host says where notices go; the path is the credential and stays out.
      data: { webhook, webhookHost: webhookUrl ? new URL(webhookUrl).host : null, emailTo: v.emailTo, notifyKinds, defaultFallbackAssetId: v.defaultFallbackAssetId },
    });
    return { defaultFallbackAssetId: row.defaultFallbackAssetId, webhookHint: webhookHint(row.webhookUrl), emailTo: row.emailTo, notifyKinds: row.notifyKinds };
  });
}

/** Sends a sample notice to the saved destinations, whatever kinds they take, and shows it in the feed. */
export async function sendTestNotification(prisma: Prisma, queue: Pick<JobQueue, "enqueue">, shopId: string, actor: Actor) {
  authorizeSettings(actor);
  return prisma.$transaction(async (tx) => {
    const s = await findSyncSettings(tx, shopId);
    if (!s?.webhookUrl && !s?.emailTo.length) throw new AppError("invalid_state", "Add a webhook URL or email recipients and save them first.");
    const row = await recordActivity(
      tx,
      queue,
      shopId,
      {
        kind: "version.live",
        title: "Test notice from Assetline",
        body: `${actor.name} sent this from Settings → Notifications. Notices such as “a new version is live on every listing” will arrive here.`,
        link: "/app/activity",
        subjectType: "test",
      },
      { ignoreKindFilter: true },
    );
    await writeAudit(tx, shopId, actor, { action: "sync_settings.test_sent", subjectType: "activity", subjectId: row.id });
    return row;
  });
}
