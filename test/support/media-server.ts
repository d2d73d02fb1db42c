// The app's public /media route for tests that hand rendition URLs to a channel sandbox which downloads
// them (Amazon fetches media_location): GET /media/<shop media key>/<sha256>.<ext> streams the rendition's
// blob with its mime, 404 otherwise. A plain node:http server on 127.0.0.1, so the app's Remix server
// need not run. Started before the services exist (its URL goes into ASSETLINE_PUBLIC_URL), so it
// asks for them per request.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { Prisma } from "../../app/.server/db/database";
import { renditionResponse } from "../../app/.server/library/renditions.service";
import type { BlobStore } from "../../app/.server/media/blob-store";

const FILE = /^\/media\/([A-Za-z0-9_-]+)\/([0-9a-f]{64})\.([a-z0-9]{2,5})$/;

export interface MediaServer {
  /** http://127.0.0.1:<port> — what ASSETLINE_PUBLIC_URL should be. */
  url: string;
  /** Every request answered: path, status (0: the client hung up first) and milliseconds to the last byte (tests check who fetched what). */
  requests: Array<{ method: string; path: string; status: number; ms: number }>;
  /** The next `n` downloads get 503 (our server briefly unable to answer). */
  failNext(n: number): void;
  close(): Promise<void>;
}

export async function startMediaServer(services: () => { prisma: Prisma; blobs: BlobStore } | null): Promise<MediaServer> {
  const requests: MediaServer["requests"] = [];
  let failing = 0;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    const start = performance.now();
    // An answer the client gave up on before its last byte is logged with status 0.
    res.on("close", () => requests.push({ method: req.method ?? "", path, status: res.writableFinished ? res.statusCode : 0, ms: performance.now() - start }));
    const notFound = () => void res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
    const m = FILE.exec(path);
    const s = services();
    if ((req.method !== "GET" && req.method !== "HEAD") || !m || !s) return notFound();
    if (failing > 0) {
      failing--;
      return void res.writeHead(503, { "content-type": "text/plain" }).end("Unavailable");
    }
    void (async () => {
      // The app's own answer (renditions.service), written to this plain node:http response.
      const answer = await renditionResponse(s, m[1]!, m[2]!);
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      if (req.method === "HEAD" || !answer.body) {
        await answer.body?.cancel();
        return void res.end();
      }
      await pipeline(Readable.fromWeb(answer.body as NodeReadableStream), res);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" }).end("Internal error");
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    failNext: (n) => void (failing = n),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
