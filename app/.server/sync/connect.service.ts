// Connecting Amazon and TikTok Shop accounts (issue #4 §6): an admin starts from the Channels page, we
// issue a signed single-use state bound to the shop and the member, the seller approves on the channel's
// consent page, and the (non-embedded) callback exchanges the code, reads the seller's marketplaces or
// shops, and stores the account with sealed tokens in one transaction. A denied consent, an expired code
// or a wrong state shows a clear page and changes nothing.
import { randomBytes } from "node:crypto";
import type { AppServices } from "../context";
import type { Config } from "../config";
import { AMAZON_MARKETS } from "../config.channels";
import type { Sealer } from "../crypto";
import type { Prisma } from "../db/database";
import { AppError } from "../errors";
import { authorize } from "../governance/authorize";
import { actorForMember } from "../governance/members.service";
import type { Actor } from "../library/types";
import { connectAccount, type ConnectInput } from "./accounts.service";
import { CONNECT_FLOWS } from "./channel-factories";
import { consumeOAuthState, issueOAuthState } from "./oauth-state";
import { backfillRenditions, loadShopPresets } from "../renditions/renditions.service";

/** A channel's consent flow: where to send the seller, and how to finish when they come back. */
export interface ConnectFlow {
  /** What is missing from the settings to connect at all (null: ready). */
  missing(config: Config): string | null;
  consentUrl(config: Config, input: { market: string; state: string; redirectUri: string }): string;
  /** Exchanges the callback's code; answers the account(s) to store (TikTok: one per authorised seller). */
  complete(
    config: Config,
    input: { params: URLSearchParams; redirectUri: string; region: string | null; deps: { prisma: Prisma; sealer: Sealer } },
  ): Promise<ConnectInput[]>;
}

/** Amazon and TikTok through their consent pages; Shopify only in the demo (a real store connects by installing the app). */
export type ConnectChannel = "amazon" | "tiktok" | "shopify";

// Demo mode has no app secret to sign with; one key per process is enough for a ten-minute state.
const processKey = randomBytes(32);
const stateKey = (config: Config) => config.shopify?.apiSecret ?? processKey;
export const callbackPath = (channel: ConnectChannel) => `/oauth/${channel}/callback`;
const appOrigin = (config: Config, requestOrigin: string) => config.shopify?.appUrl.replace(/\/+$/, "") ?? requestOrigin;

export function connectOptions(config: Config) {
  // null when the channel can be connected; otherwise what is missing.
  const missing = (c: ConnectChannel, label: string) => {
    const flow = CONNECT_FLOWS[c];
    return flow ? flow.missing(config) : `${label} connections are not available in this deployment.`;
  };
  return {
    amazon: {
      markets: Object.entries(AMAZON_MARKETS).map(([code, m]) => ({ label: `${m.name} (${m.region})`, value: code })),
      missing: missing("amazon", "Amazon"),
    },
    tiktok: { missing: missing("tiktok", "TikTok Shop") },
    shopify: { missing: missing("shopify", "Shopify") },
  };
}

/** Answers the consent URL to send the admin to. */
export async function startConnect(services: AppServices, shopId: string, actor: Actor, channel: ConnectChannel, market: string, requestOrigin: string) {
  authorize(actor, "channel.manage");
  const flow = CONNECT_FLOWS[channel];
  const missing = flow ? flow.missing(services.config) : "this deployment cannot connect it";
  if (!flow || missing) throw new AppError("unavailable", `Cannot connect ${channel}: ${missing}`);
  const region = channel === "amazon" ? (AMAZON_MARKETS[market]?.region ?? null) : channel === "tiktok" ? (market === "US" ? "US" : "ROW") : null;
  if (channel === "amazon" && !region) throw new AppError("validation", `Unknown Amazon marketplace “${market}”.`);
  const state = await issueOAuthState(services.db.prisma, stateKey(services.config), { shopId, memberId: actor.id, channel, region });
  const redirectUri = `${appOrigin(services.config, requestOrigin)}${callbackPath(channel)}`;
  // Demo: the sandbox's consent page must send the seller back to wherever this demo listens.
  services.sandboxes?.setConsentRedirect(channel, redirectUri);
  return flow.consentUrl(services.config, { market, state, redirectUri });
}

/** The callback: checks the state first (nothing is exchanged for a bad one), then connects. */
export async function finishConnect(services: AppServices, channel: ConnectChannel, params: URLSearchParams, requestOrigin: string) {
  const flow = CONNECT_FLOWS[channel];
  if (!flow) throw new AppError("unavailable", `${channel} connections are not available in this deployment.`);
  const claims = await consumeOAuthState(services.db.prisma, stateKey(services.config), params.get("state") ?? "", channel);
  const denied = params.get("error");
  if (denied) throw new AppError("validation", denied === "auth_denied" || denied === "access_denied" ? "The seller did not approve Assetline. Nothing was connected." : `The channel refused: ${denied}.`);
  const actor = await actorForMember(services.db.prisma, claims.shopId, claims.memberId);
  authorize(actor, "channel.manage");
  const accounts = await flow.complete(services.config, {
    params,
    redirectUri: `${appOrigin(services.config, requestOrigin)}${callbackPath(channel)}`,
    region: claims.region,
    deps: { prisma: services.db.prisma, sealer: services.sealer },
  });
  const connected = [];
  for (const input of accounts) {
    const account = await connectAccount({ prisma: services.db.prisma, sealer: services.sealer }, claims.shopId, actor, input);
    await services.queue.send("catalogue.import", { shopId: claims.shopId, accountId: account.id });
    connected.push(account);
  }
  // The shop now sells on this channel: check its existing images against the channel's presets too.
  const presets = (await loadShopPresets(services.db.prisma, claims.shopId)).filter((p) => p.eager && p.preset.channel === channel);
  await backfillRenditions({ prisma: services.db.prisma, queue: services.queue }, claims.shopId, presets.map((p) => p.preset.id));
  return connected;
}
