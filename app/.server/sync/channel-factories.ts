// The connectors this deployment can build, by channel, and the consent flows that link their accounts.
// Each adapts one connector in connectors/<channel>/ to a linked account (base URLs from the settings,
// its tokens).
import type { ChannelId } from "../../../connectors/channel";
import type { Sealer } from "../crypto";
import type { Prisma } from "../db/database";
import type { AccountChannelFactory } from "./channel-provider";
import { amazonChannelFactory, amazonConnectFlow } from "./channels/amazon";
import { shopifyChannelFactory, shopifyDemoConnectFlow, type SessionGraphqlDeps } from "./channels/shopify";
import { tiktokChannelFactory, tiktokConnectFlow } from "./channels/tiktok";
import type { ConnectChannel, ConnectFlow } from "./connect.service";

export function channelFactories(deps: {
  prisma: Prisma;
  sealer: Sealer;
  /** The demo store's sandbox (origin, version, app credentials); null outside the demo. */
  demoShopify: Omit<SessionGraphqlDeps, "prisma" | "sealer"> | null;
}): Partial<Record<ChannelId, AccountChannelFactory>> {
  return {
    shopify: shopifyChannelFactory({ prisma: deps.prisma, sealer: deps.sealer, demo: deps.demoShopify }),
    amazon: amazonChannelFactory,
    tiktok: tiktokChannelFactory,
  };
}

export const CONNECT_FLOWS: Partial<Record<ConnectChannel, ConnectFlow>> = {
  amazon: amazonConnectFlow,
  tiktok: tiktokConnectFlow,
  shopify: shopifyDemoConnectFlow,
};
