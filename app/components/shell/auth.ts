import { createContext, useContext } from "react";

/**
 * Headers that authenticate a request the page makes itself (XMLHttpRequest uploads, download links).
 * Embedded in Shopify admin: a fresh App Bridge session token; demo/standalone: none needed.
 */
export type GetAuthHeaders = () => Promise<Record<string, string>>;
export const AuthHeadersContext = createContext<GetAuthHeaders>(async () => ({}));
export const useAuthHeaders = () => useContext(AuthHeadersContext);

/** Asks the server (authenticated) for a short-lived signed link, then follows it. */
async function followSignedLink(res: Response): Promise<void> {
  const body = (await res.json().catch(() => ({}))) as { url?: string; message?: string };
  if (!res.ok || !body.url) throw new Error(body.message ?? "The download could not be started.");
  window.location.assign(body.url);
}

/** Downloads a version's original, or one of its renditions (e.g. "preview"). */
export async function downloadVersion(getHeaders: GetAuthHeaders, assetId: string, versionId: string, rendition: string | null = null): Promise<void> {
  const q = rendition ? `?rendition=${encodeURIComponent(rendition)}` : "";
  await followSignedLink(await fetch(`/app/assets/${assetId}/versions/${versionId}/download${q}`, { method: "POST", headers: await getHeaders() }));
}

/** Downloads a zip of the assets' originals, or of one rendition of each. */
export async function downloadZip(getHeaders: GetAuthHeaders, assetIds: string[], rendition: string | null = null): Promise<void> {
  const form = new FormData();
  form.set("ids", assetIds.join(","));
  if (rendition) form.set("rendition", rendition);
  await followSignedLink(await fetch("/app/download", { method: "POST", headers: await getHeaders(), body: form }));
}
