// The shared loader of the OAuth callback routes: finish the connection and go back to the Channels page
// (inside Shopify admin in shopify mode), or answer the problem for the page to show. Never echoes a code.
import { redirect } from "@remix-run/node";
import { getServices } from "../context";
import { AppError } from "../errors";
import { findShopById } from "../shops/shops.repository";
import { finishConnect, type ConnectChannel } from "./connect.service";

export async function connectCallback(request: Request, channel: ConnectChannel): Promise<Response | { message: string; backUrl: string }> {
  const services = await getServices();
  const url = new URL(request.url);
  const back = "/app/channels";
  try {
    const accounts = await finishConnect(services, channel, url.searchParams, url.origin);
    const shop = accounts[0] ? await findShopById(services.db.prisma, accounts[0].shopId) : null;
    // In Shopify admin the app lives at admin.shopify.com/store/<store>/apps/<api key>/…
    const target =
      services.config.shopify && shop
        ? `https://admin.shopify.com/store/${shop.domain.replace(/\.myshopify\.com$/, "")}/apps/${services.config.shopify.apiKey}${back}?connected=${channel}`
        : `${back}?connected=${channel}`;
    return redirect(target);
  } catch (err) {
    const message = err instanceof AppError ? err.message : "The channel could not be reached to finish the connection. Try again in a moment.";
    if (!(err instanceof AppError)) console.error(`[connect] ${channel} callback failed:`, err instanceof Error ? err.message : err);
    return { message, backUrl: back };
  }
}
