// `notify.send`: delivers one activity to the shop's webhook and email. Idempotent: only a "pending"
// activity is sent, so a repeated job (or one for an activity already sent) does nothing. A failure
// throws so pg-boss retries with backoff; on the last attempt it is recorded as "failed" instead.
import type { Config } from "../config";
import type { Prisma } from "../db/database";
import { AppError } from "../errors";
import { findShopById } from "../shops/shops.repository";
import { findActivity, setActivityDelivery } from "./activity.repository";
import { destinationsOwed, formatFailures, type Destination, type DestinationFailure } from "./delivery";
import { sendEmail } from "./email";
import { emailMessage, slackPayload } from "./format";
import { findSyncSettings } from "./sync-settings.repository";
import { postWebhook } from "./webhook";

export interface SendDeps {
  prisma: Prisma;
  config: Pick<Config, "smtp" | "shopify">;
}

export interface SendOptions {
  lastAttempt: boolean;
  signal?: AbortSignal;
}

export const NO_SMTP = "not set up on this Assetline server (SMTP_URL); ask whoever runs it";

export async function sendActivity(deps: SendDeps, shopId: string, activityId: string, opts: SendOptions = { lastAttempt: true }): Promise<void> {
  const activity = await findActivity(deps.prisma, shopId, activityId);
  if (!activity || activity.delivery !== "pending") return;
  const [settings, shop] = await Promise.all([findSyncSettings(deps.prisma, shopId), findShopById(deps.prisma, shopId)]);
  const appUrl = deps.config.shopify?.appUrl ?? null;
  const shopName = shop?.name ?? "Your shop";
  const { smtp } = deps.config;
  const senders: Partial<Record<Destination, () => Promise<void>>> = {};
  const webhookUrl = settings?.webhookUrl;
  if (webhookUrl) senders.webhook = () => postWebhook(webhookUrl, slackPayload(activity, shopName, appUrl), opts.signal);
  const emailTo = settings?.emailTo ?? [];
  if (emailTo.length)
    senders.email = async () => {
      // A deployment without SMTP will not grow one between retries: a permanent failure.
      if (!smtp) throw new AppError("invalid_state", NO_SMTP);
      await sendEmail(smtp, emailTo, emailMessage(activity, shopName, appUrl));
    };
  const configured = (["webhook", "email"] as const).filter((d) => senders[d]);
  // The shop removed its destinations after this was queued: there is nothing to deliver any more.
  if (!configured.length) {
    await setActivityDelivery(deps.prisma, shopId, activityId, { delivery: null, deliveryError: null, deliveredAt: null });
    return;
  }
  const failures: Array<DestinationFailure & { permanent: boolean }> = [];
  for (const to of destinationsOwed(configured, activity.deliveryError)) {
    try {
      await senders[to]?.();
    } catch (err) {
      const known = err instanceof AppError;
      failures.push({ to, message: known ? err.message : `unexpected ${(err as Error).name ?? "error"}`, permanent: known && err.kind === "invalid_state" });
    }
  }
  if (!failures.length) {
    await setActivityDelivery(deps.prisma, shopId, activityId, { delivery: "sent", deliveryError: null, deliveredAt: new Date() });
    return;
  }
  const error = formatFailures(failures);
  // Retrying cannot fix a deployment without SMTP; everything else may be a passing outage.
  if (opts.lastAttempt || failures.every((f) => f.permanent)) {
    await setActivityDelivery(deps.prisma, shopId, activityId, { delivery: "failed", deliveryError: error, deliveredAt: null });
    return;
  }
  // Which destinations failed is what the next attempt reads (the others are not sent to again).
  await setActivityDelivery(deps.prisma, shopId, activityId, { delivery: "pending", deliveryError: error, deliveredAt: null });
  throw new AppError("unavailable", `Delivery failed, will retry: ${error.replace(/\n/g, "; ")}`);
}
