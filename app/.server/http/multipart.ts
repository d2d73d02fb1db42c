// Streaming multipart: each file part is handed to `onFile` as a stream while it arrives, so a 2 GB
// upload never sits in memory. Plain fields that come before a file are available to it.
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { AppError } from "../errors";

export interface FilePart {
  field: string;
  filename: string;
  stream: Readable;
  fields: Record<string, string>;
}

export async function streamMultipart<T>(
  request: Request,
  opts: { maxFiles: number; fileField?: string; onFile: (part: FilePart) => Promise<T> },
): Promise<{ fields: Record<string, string>; results: Array<PromiseSettledResult<T> & { filename: string }> }> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data"))
    throw new AppError("validation", "Send files as multipart/form-data.");
  if (!request.body) throw new AppError("validation", "The request has no body.");
  let bb: busboy.Busboy;
  try {
    bb = busboy({ headers: { "content-type": type }, limits: { files: opts.maxFiles, fields: 50, fieldSize: 64 * 1024 } });
  } catch (e) {
    throw new AppError("validation", `The multipart body is malformed: ${(e as Error).message}`);
  }
  const fields: Record<string, string> = {};
  const pending: Array<Promise<PromiseSettledResult<T> & { filename: string }>> = [];
  let tooMany = false;
  const done = new Promise<void>((resolve, reject) => {
    bb.on("field", (name, value) => {
      fields[name] = value;
    });
    bb.on("file", (field, stream, info) => {
      if (opts.fileField && field !== opts.fileField) {
        stream.resume();
        return;
      }
      const filename = info.filename || "upload";
      pending.push(
        opts.onFile({ field, filename, stream, fields: { ...fields } }).then(
          (value) => ({ status: "fulfilled" as const, value, filename }),
          (reason: unknown) => {
            stream.resume(); // drain what is left so the rest of the body keeps flowing
            return { status: "rejected" as const, reason, filename };
          },
        ),
      );
    });
    bb.on("filesLimit", () => {
      tooMany = true;
    });
    bb.on("error", (e) => reject(new AppError("validation", `The multipart body is malformed: ${(e as Error).message}`)));
    bb.on("close", () => resolve());
  });
  Readable.fromWeb(request.body as unknown as WebReadableStream<Uint8Array>).pipe(bb);
  await done;
  const results = await Promise.all(pending);
  if (tooMany) throw new AppError("too_many_files", `At most ${opts.maxFiles} files can be sent in one request.`);
  return { fields, results };
}
