// The Amazon SP-API sandbox (DESIGN §7): LWA, consent, Listings Items and Sellers, with fault knobs.
export { startAmazonSandbox } from "./server";
export type { AmazonSandbox } from "./server";
export { AmazonSandboxState, SANDBOX_DEFAULTS } from "./state";
export type { AmazonSandboxOptions, RequestLogEntry } from "./state";
export { startMediaHost } from "./media-host";
export type { MediaHost } from "./media-host";
export { MODEL_USAGE_PLANS } from "./models";
