// The connectors this deployment can build, by channel, and the consent flows that link their accounts.
// Each adapts one connector in connectors/<channel>/ to a linked account (base URLs from the settings,
// its tokens).
import type { ChannelId } from "../../../connectors/channel";
import type { AccountChannelFactory } from "./channel-provider";
import { tiktokChannelFactory, tiktokConnectFlow } from "./channels/tiktok";
import type { ConnectChannel, ConnectFlow } from "./connect.service";

export const CHANNEL_FACTORIES: Partial<Record<ChannelId, AccountChannelFactory>> = {
  tiktok: tiktokChannelFactory,
};

export const CONNECT_FLOWS: Partial<Record<ConnectChannel, ConnectFlow>> = {
  tiktok: tiktokConnectFlow,
};
