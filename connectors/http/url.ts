// What a URL names, read defensively: channels hand us URLs we did not make.

/** The last path segment of a URL, decoded; null when there is none or the URL does not parse. */
export function fileNameOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return decodeURIComponent(new URL(url).pathname.split("/").pop() ?? "") || null;
  } catch {
    return null;
  }
}
