// The staged-upload target stand-in (Shopify hands out Google Cloud Storage URLs): POST takes a
// multipart form whose fields come first and the file last; PUT takes the bytes. Only keys handed out by
// stagedUploadsCreate are accepted, as a signed URL would be.
import type { IncomingMessage } from "node:http";
import busboy from "busboy";
import type { ShopifySandboxState } from "./state";

export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

export interface UploadReply {
  status: number;
  body: string;
}

export async function putUpload(state: ShopifySandboxState, key: string, req: IncomingMessage, bytes: Buffer): Promise<UploadReply> {
  if (!state.staged.has(key)) return { status: 403, body: "<Error><Code>AccessDenied</Code></Error>" };
  state.staged.set(key, { bytes, mimeType: req.headers["content-type"] ?? "application/octet-stream" });
  return { status: 200, body: "" };
}

export function postUpload(state: ShopifySandboxState, req: IncomingMessage): Promise<UploadReply> {
  return new Promise((resolve) => {
    const fields = new Map<string, string>();
    let file: { bytes: Buffer; mimeType: string } | null = null;
    let tooBig = false;
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
    } catch {
      return resolve({ status: 400, body: "<Error><Code>InvalidArgument</Code></Error>" });
    }
    bb.on("field", (name, value) => fields.set(name, value));
    bb.on("file", (_name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("limit", () => (tooBig = true));
      stream.on("end", () => (file = { bytes: Buffer.concat(chunks), mimeType: fields.get("Content-Type") ?? info.mimeType }));
    });
    bb.on("error", () => resolve({ status: 400, body: "<Error><Code>MalformedPOSTRequest</Code></Error>" }));
    bb.on("close", () => {
      const key = fields.get("key") ?? "";
      if (tooBig) return resolve({ status: 400, body: "<Error><Code>EntityTooLarge</Code></Error>" });
      if (!state.staged.has(key) || !file) return resolve({ status: 403, body: "<Error><Code>AccessDenied</Code></Error>" });
      state.staged.set(key, file);
      resolve({ status: Number(fields.get("success_action_status") ?? 204) || 204, body: "" });
    });
    req.pipe(bb);
  });
}
