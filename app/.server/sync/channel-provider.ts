// Builds the Channel (and Catalogue) for one linked account: the one place where app code meets the
// connectors (through connectors/channel.ts and a factory per channel). Factories receive the account,
// the channel settings and a TokenSource; they never see the database or the sealer.
import type { Catalogue, Channel, ChannelId, TokenSource } from "../../../connectors/channel";
import type { Config } from "../config";
import type { Sealer } from "../crypto";
import type { Prisma } from "../db/database";
import { AppError } from "../errors";
import { tokenSourceFor, type Refresher } from "./account-tokens";
import { sourceKeyOfChannelMedia } from "./placements.repository";

/** Images the app put on the account's channel, by the channel's reference (saved through onCreated). */
export interface KnownMedia {
  sourceKeyOf(externalRef: string): Promise<string | null>;
}

export interface AccountRef {
  id: string;
  shopId: string;
  channel: string;
  externalId: string;
  region: string | null;
  marketplaces: unknown;
}

export interface AccountChannelFactory {
  /** How this channel turns a refresh token into a new grant (null: the channel's tokens are not ours, e.g. Shopify). */
  refresher(config: Config): Refresher | null;
  create(account: AccountRef, ctx: { config: Config; tokens: TokenSource | null; known: KnownMedia }): Promise<Channel & Catalogue>;
}

export interface ChannelProvider {
  channelFor(account: AccountRef): Promise<Channel & Catalogue>;
}

export function createChannelProvider(
  deps: { prisma: Prisma; sealer: Sealer; config: Config },
  factories: Partial<Record<ChannelId, AccountChannelFactory>>,
): ChannelProvider {
  return {
    async channelFor(account) {
      const factory = factories[account.channel as ChannelId];
      if (!factory) throw new AppError("unavailable", `Assetline cannot reach ${account.channel} accounts in this deployment yet.`);
      const refresher = factory.refresher(deps.config);
      const tokens = refresher ? tokenSourceFor({ prisma: deps.prisma, sealer: deps.sealer }, account.shopId, account.id, refresher) : null;
      // A channel lives for one job, which asks of the same images when it reads and again when it writes.
      const asked = new Map<string, Promise<string | null>>();
      const known: KnownMedia = {
        sourceKeyOf: (ref) => {
          let p = asked.get(ref);
          if (!p) {
            p = sourceKeyOfChannelMedia(deps.prisma, account.shopId, account.id, ref);
            p.catch(() => asked.delete(ref));
            asked.set(ref, p);
          }
          return p;
        },
      };
      return factory.create(account, { config: deps.config, tokens, known });
    },
  };
}
