// Public API of the Amazon connector: LWA, SP-API hosts, the Channel + Catalogue, Sellers.
export { createAmazonChannel, validateAmazonGallery, AMAZON_CAPABILITIES, DEFAULT_MARKETPLACE_ID } from "./channel";
export type { AmazonChannelOptions } from "./channel";
export { createLwaClient } from "./lwa";
export type { LwaClient, LwaClientOptions, LwaAccessToken, LwaGrant } from "./lwa";
export { lwaTokenSource } from "./token-source";
export type { LwaTokenSource } from "./token-source";
export { buildConsentUrl, LWA_TOKEN_URL, SELLER_CENTRAL_CONSENT_URL, SP_API_HOSTS } from "./hosts";
export type { ConsentUrlOptions, SpApiRegion } from "./hosts";
export { getMarketplaceParticipations } from "./sellers";
export type { MarketplaceParticipation } from "./sellers";
export { createSpApi, AMAZON_CLIENT_LIMITS } from "./sp-api";
export type { SpApi, SpApiCall, SpApiClientOptions } from "./sp-api";
export { AMAZON_SLOTS, attributeOf, slotOfAttribute, sourceKeyOf } from "./slots";
export type { AmazonIssue, AmazonItem, ItemSearchResults, SubmissionResponse } from "./model-types";
