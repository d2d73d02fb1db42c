// Where Amazon lives. Every URL is configurable so the same connector talks to the real API or to the
// sandbox (DESIGN §6); these are the real defaults (CHANNELS.md §2.1–2.2).
export const SP_API_HOSTS = {
  na: "https://sellingpartnerapi-na.amazon.com",
  eu: "https://sellingpartnerapi-eu.amazon.com",
  fe: "https://sellingpartnerapi-fe.amazon.com",
} as const;
export type SpApiRegion = keyof typeof SP_API_HOSTS;

export const LWA_TOKEN_URL = "https://api.amazon.com/auth/o2/token";

/** Seller Central's consent page for the US; other regions use their own Seller Central domain. */
export const SELLER_CENTRAL_CONSENT_URL = "https://sellercentral.amazon.com/apps/authorize/consent";

export interface ConsentUrlOptions {
  applicationId: string;
  /** Our CSRF value; checked when Amazon redirects back. */
  state: string;
  /** Must be one of the app's registered redirect URIs; Amazon uses the first one when absent. */
  redirectUri?: string;
  /** The app is still in Draft: Amazon requires version=beta. */
  draft?: boolean;
  consentUrl?: string;
}

/** Step 1 of the website authorisation workflow: where to send the seller. */
export function buildConsentUrl(o: ConsentUrlOptions): string {
  const u = new URL(o.consentUrl ?? SELLER_CENTRAL_CONSENT_URL);
  u.searchParams.set("application_id", o.applicationId);
  u.searchParams.set("state", o.state);
  if (o.redirectUri) u.searchParams.set("redirect_uri", o.redirectUri);
  if (o.draft) u.searchParams.set("version", "beta");
  return u.toString();
}
