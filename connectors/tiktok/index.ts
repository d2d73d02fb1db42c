// Public API of the TikTok Shop connector.
export { createTikTokChannel } from "./tiktok-channel";
export { createTikTokSellerChannel } from "./seller";
export type { KnownImages, TikTokChannelOptions } from "./tiktok-channel";
export { createTikTokClient, TIKTOK_API_BASE, TIKTOK_RATE_LIMIT } from "./client";
export type { CallLimiter, TikTokCall, TikTokClient, TikTokClientOptions } from "./client";
export { authorizeUrl, exchangeCode, listShops, refreshTokens, TIKTOK_AUTH_BASE } from "./auth";
export type { TikTokAuthOptions, TikTokRegion, TikTokShop, TikTokTokens } from "./auth";
export { TIKTOK_CAPABILITIES, validateTikTokGallery } from "./gallery";
export { envelopeError, readEnvelope, TIKTOK_CODES } from "./errors";
export { signRequest, signedQuery, verifyRequestSignature, isTimestampInWindow } from "./sign";
export { parseWebhook, signWebhook, verifyWebhook, WEBHOOK_TYPE } from "./webhook";
export type { TikTokWebhook } from "./webhook";
