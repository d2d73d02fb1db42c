import { Readable } from "node:stream";
import { contentDisposition } from "./blob-response";

export function zipResponse(stream: Readable, filename: string): Response {
  return new Response(Readable.toWeb(stream) as ReadableStream, {
    status: 200,
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": contentDisposition(filename),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

export const zipName = (what: string) => `${what}-${new Date().toISOString().slice(0, 10)}.zip`;
