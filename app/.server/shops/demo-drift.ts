// Demo mode only: "someone edits the image on Shopify" — the demo store's sandbox changes the media of a
// placement, and the app hears of it as it would from Shopify's products/update webhook (the sandbox
// sends no webhooks), so the placement turns drifted with the channel's image beside ours.
import type { AppServices } from "../context";
import { AppError, notFound } from "../errors";
import { onChannelProductChanged } from "../sync/drift.service";
import { findPlacement } from "../sync/placements.repository";

export async function simulateChannelEdit(services: AppServices, shopId: string, placementId: string): Promise<void> {
  const sandbox = services.sandboxes?.shopify.sandbox;
  if (services.config.mode !== "demo" || !sandbox) throw new AppError("forbidden", "Only the demo can change images on a channel by itself.");
  const p = await findPlacement(services.db.prisma, shopId, placementId);
  if (!p) throw notFound("That placement");
  if (p.listing.account.channel !== "shopify" || !p.externalRef) throw new AppError("invalid_state", "Only a live placement on the demo Shopify store can be edited there.");
  sandbox.state.editOnChannel(p.externalRef);
  await onChannelProductChanged(services.db.prisma, services.queue, shopId, { channel: "shopify", externalId: p.listing.externalId, changedAt: new Date() });
}
