// Parses a buffered multipart/form-data body with busboy: text fields plus the file parts' bytes.
import { Readable } from "node:stream";
import busboy from "busboy";

export interface MultipartForm {
  fields: Record<string, string>;
  files: Record<string, { bytes: Buffer; truncated: boolean; mime: string }>;
}

/** `maxFileBytes`: larger files are cut there and flagged `truncated` (the caller answers "too large"). */
export function parseMultipart(body: Buffer, contentType: string, maxFileBytes: number): Promise<MultipartForm> {
  return new Promise((resolve, reject) => {
    const form: MultipartForm = { fields: {}, files: {} };
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: { "content-type": contentType }, limits: { fileSize: maxFileBytes, files: 4, fields: 16 } });
    } catch (e) {
      return reject(e);
    }
    bb.on("field", (name, value) => {
      form.fields[name] = value;
    });
    bb.on("file", (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        form.files[name] = { bytes: Buffer.concat(chunks), truncated: stream.truncated === true, mime: info.mimeType };
      });
    });
    bb.on("error", reject);
    bb.on("close", () => resolve(form));
    Readable.from([body]).pipe(bb);
  });
}
