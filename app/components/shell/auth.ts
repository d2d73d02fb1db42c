import { createContext, useContext } from "react";

/**
 * Headers that authenticate a request the page makes itself (XMLHttpRequest uploads, download links).
 * Embedded in Shopify admin: a fresh App Bridge session token; demo/standalone: none needed.
 */
export type GetAuthHeaders = () => Promise<Record<string, string>>;
export const AuthHeadersContext = createContext<GetAuthHeaders>(async () => ({}));
export const useAuthHeaders = () => useContext(AuthHeadersContext);

/** Asks the server for a short-lived signed link to a version's original, then follows it. */
export async function downloadOriginal(getHeaders: GetAuthHeaders, assetId: string, versionId: string): Promise<void> {
  const res = await fetch(`/app/assets/${assetId}/versions/${versionId}/download`, { method: "POST", headers: await getHeaders() });
  const body = (await res.json().catch(() => ({}))) as { url?: string; message?: string };
  if (!res.ok || !body.url) throw new Error(body.message ?? "The download could not be started.");
  window.location.assign(body.url);
}
