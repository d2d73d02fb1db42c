// TikTok's answer shape {code, message, request_id, data} (CHANNELS.md §3.5) and the codes the sandbox
// uses. Business errors come back with HTTP 200: only the envelope code says it failed.
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomBytes } from "node:crypto";

export const CODE = {
  ok: 0,
  invalidAccessToken: 105001, // [guess] unknown/missing token; a refresh is the right reaction either way
  expiredAccessToken: 105002,
  invalidSign: 106001,
  internalError: 36009003,
  tooManyRequests: 36009002,
  invalidParameter: 36009004, // bad app_key, timestamp window, forbidden shop_cipher, malformed input
  productNotFound: 12052032, // [2nd] "Product does not exist"
  mainImageRequired: 12052028,
  mainImageUriIllegal: 12052300,
  imageTooSmall: 12052301,
  imageTooLarge: 12052302,
  imageFormat: 12052304,
  tooManyMainImages: 12052306,
  invalidAuthCode: 36004004, // [guess] token endpoint: bad code/refresh token/app secret
} as const;

export class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly status = 200,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The outcome a route hands back; the server writes and logs it. */
export interface Reply {
  status: number;
  code: number;
  message: string;
  data: unknown;
  headers?: Record<string, string>;
}

export const ok = (data: unknown): Reply => ({ status: 200, code: CODE.ok, message: "Success", data });

export const fromError = (e: ApiError): Reply => ({ status: e.status, code: e.code, message: e.message, data: null, headers: e.headers });

export function sendEnvelope(res: ServerResponse, r: Reply): void {
  const body = JSON.stringify({ code: r.code, message: r.message, request_id: randomBytes(10).toString("hex"), data: r.data });
  res.writeHead(r.status, { "content-type": "application/json", ...r.headers });
  res.end(body);
}

/** Reads the whole body (capped, so a runaway client cannot fill memory); null when over the cap. */
export async function readBody(req: IncomingMessage, cap: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > cap) over = true;
    if (!over) chunks.push(b);
  }
  return over ? null : Buffer.concat(chunks);
}
