// A local stand-in for our public media CDN: Amazon pulls images by URL, so tests and the demo serve
// rendition bytes at content-addressed URLs (…/media/<sha256>.<ext>, DESIGN §6) for the sandbox to fetch.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface MediaHost {
  /** Base URL, e.g. http://127.0.0.1:1234/media/ */
  baseUrl: string;
  urlFor(sha256: string, ext?: string): string;
  put(sha256: string, bytes: Buffer, mime?: string, ext?: string): void;
  /** How many times each path was fetched. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

export async function startMediaHost(): Promise<MediaHost> {
  const files = new Map<string, { bytes: Buffer; mime: string }>();
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const f = req.method === "GET" ? files.get(path) : undefined;
    if (!f) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": f.mime, "content-length": f.bytes.length, "cache-control": "public, max-age=31536000, immutable" });
    res.end(f.bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/media/`;
  const pathFor = (sha: string, ext: string) => `/media/${sha}.${ext}`;
  return {
    baseUrl,
    urlFor: (sha, ext = "jpg") => `${baseUrl}${sha}.${ext}`,
    put: (sha, bytes, mime = "image/jpeg", ext = "jpg") => void files.set(pathFor(sha, ext), { bytes, mime }),
    hits,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
