// Small helpers over node:http shared by the sandbox's routes.
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";

/** Reads a request body up to `limit` bytes; null when it is larger (→ 413). */
export async function readBody(req: IncomingMessage, limit = 1 << 20): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), "x-amzn-RequestId": randomUUID(), ...headers });
  res.end(text);
}

/** SP-API's error body (ErrorList in the models). */
export function sendErrors(res: ServerResponse, status: number, code: string, message: string, details = "", headers: Record<string, string> = {}): void {
  sendJson(res, status, { errors: [{ code, message, details }] }, headers);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(html) });
  res.end(html);
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location });
  res.end();
}

/** Form-encoded or JSON body as a flat string map (LWA accepts both; the Java client sends JSON). */
export function parseParams(body: string, contentType: string | undefined): Record<string, string> | null {
  if (contentType?.includes("application/json")) {
    try {
      const v: unknown = JSON.parse(body);
      if (v === null || typeof v !== "object" || Array.isArray(v)) return null;
      return Object.fromEntries(Object.entries(v).filter(([, x]) => typeof x === "string")) as Record<string, string>;
    } catch {
      return null;
    }
  }
  return Object.fromEntries(new URLSearchParams(body));
}

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
