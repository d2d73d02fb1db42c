// One file, one request to POST /app/upload (multipart field `file`), through XMLHttpRequest because
// fetch cannot report upload progress. The answer is normalised to one outcome per file.

export interface DuplicateOfView {
  assetId: string;
  versionId: string;
  versionNumber: number;
  title: string;
}

export type UploadOutcome =
  | { status: "created"; filename: string; assetId: string; versionId: string; versionNumber: number; title: string; sha256: string }
  | { status: "duplicate"; filename: string; sha256: string; duplicateOf: DuplicateOfView }
  | { status: "error"; filename: string; code: string; message: string };

export interface UploadOptions {
  onProgress?(loaded: number, total: number): void;
  /** Called once the bytes are sent and the server is checking the file. */
  onSent?(): void;
  signal?: AbortSignal;
  /** Extra request headers (e.g. a session token when embedded). */
  headers?: Record<string, string>;
}

export class UploadAborted extends Error {
  constructor() {
    super("The upload was cancelled.");
    this.name = "UploadAborted";
  }
}

export function uploadFile(url: string, file: File, opts: UploadOptions = {}): Promise<UploadOutcome> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.responseType = "text";
    xhr.setRequestHeader("Accept", "application/json");
    for (const [k, v] of Object.entries(opts.headers ?? {})) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) opts.onProgress?.(e.loaded, e.total);
    };
    xhr.upload.onload = () => opts.onSent?.();
    xhr.onload = () => resolve(parseAnswer(file.name, xhr.status, xhr.responseText));
    xhr.onerror = () =>
      resolve({
        status: "error",
        filename: file.name,
        code: "network",
        message: "The connection was lost during the upload. Check your connection and try again.",
      });
    xhr.ontimeout = () => resolve({ status: "error", filename: file.name, code: "timeout", message: "The upload timed out. Try again." });
    xhr.onabort = () => reject(new UploadAborted());
    if (opts.signal) {
      if (opts.signal.aborted) return reject(new UploadAborted());
      opts.signal.addEventListener("abort", () => xhr.abort(), { once: true });
    }
    const body = new FormData();
    // A file picked with its folder (a folder upload) knows its relative path: the server tags by folder.
    // The field goes before the file so the server has it when the file's bytes arrive.
    const folder = file.webkitRelativePath ? file.webkitRelativePath.split("/").slice(0, -1).join("/") : "";
    if (folder) body.append("folder", folder);
    body.append("file", file, file.name);
    xhr.send(body);
  });
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown, fallback = "") => (typeof v === "string" ? v : fallback);

/** Exported for tests: the server answers `{ results: [...] }`, or `{ code, message }` for a failed request. */
export function parseAnswer(filename: string, httpStatus: number, text: string): UploadOutcome {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {
      status: "error",
      filename,
      code: `http_${httpStatus}`,
      message: httpStatus === 413 ? "This file is larger than the server accepts." : `The upload failed (HTTP ${httpStatus}). Try again.`,
    };
  }
  const first = isObj(body) && Array.isArray(body.results) ? body.results[0] : body;
  if (!isObj(first))
    return { status: "error", filename, code: "bad_answer", message: "The server gave an answer the page did not understand." };
  const name = str(first.filename, filename);
  if (first.ok === true && first.status === "created")
    return {
      status: "created",
      filename: name,
      assetId: str(first.assetId),
      versionId: str(first.versionId),
      versionNumber: Number(first.versionNumber) || 1,
      title: str(first.title, name),
      sha256: str(first.sha256),
    };
  if (first.ok === true && first.status === "duplicate" && isObj(first.duplicateOf)) {
    const d = first.duplicateOf;
    return {
      status: "duplicate",
      filename: name,
      sha256: str(first.sha256),
      duplicateOf: {
        assetId: str(d.assetId),
        versionId: str(d.versionId),
        versionNumber: Number(d.versionNumber) || 1,
        title: str(d.title),
      },
    };
  }
  return {
    status: "error",
    filename: name,
    code: str(first.code, `http_${httpStatus}`),
    message: str(first.message, `The upload failed (HTTP ${httpStatus}).`),
  };
}
