// The app's public /media route for benchmarks that hand rendition URLs to a channel sandbox which
// downloads them (Amazon fetches media_location): GET /media/<shop media key>/<sha256>.<ext> streams the
// rendition's blob, 404 otherwise. A plain node:http server on 127.0.0.1, so the Remix server need not run;
// started before the services exist (its URL is ASSETLINE_PUBLIC_URL), so it asks for them per request.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pipeline } from "node:stream/promises";
import type { Prisma } from "../../app/.server/db/database";
import { findRendition } from "../../app/.server/library/renditions.service";
import type { BlobStore } from "../../app/.server/media/blob-store";

const FILE = /^\/media\/([A-Za-z0-9_-]+)\/([0-9a-f]{64})\.([a-z0-9]{2,5})$/;

export interface MediaServer {
  /** http://127.0.0.1:<port>: what ASSETLINE_PUBLIC_URL should be. */
  url: string;
  /** Requests answered with 200 (each a download by a channel). */
  served: number;
  close(): Promise<void>;
}

export async function startMediaServer(services: () => { prisma: Prisma; blobs: BlobStore } | null): Promise<MediaServer> {
  const out = { served: 0 };
  const server = createServer((req, res) => {
    const m = FILE.exec((req.url ?? "/").split("?")[0]!);
    const s = services();
    const notFound = () => void res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
    if ((req.method !== "GET" && req.method !== "HEAD") || !m || !s) return notFound();
    void (async () => {
      const rendition = await findRendition(s.prisma, m[1]!, m[2]!);
      if (!rendition) return notFound();
      res.writeHead(200, { "content-type": rendition.mime, "content-length": String(rendition.blob.bytes), "cache-control": "public, max-age=31536000, immutable" });
      out.served++;
      if (req.method === "HEAD") return void res.end();
      await pipeline(await s.blobs.open(rendition.blob.storageKey), res);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" }).end("Internal error");
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get served() {
      return out.served;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
