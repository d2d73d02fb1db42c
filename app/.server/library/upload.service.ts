// One multipart request → one or many ingests. Shared by the UI upload action and the REST API.
import { z } from "zod";
import type { AppServices } from "../context";
import { AppError } from "../errors";
import { errorBody } from "../http/api-response";
import { streamMultipart } from "../http/multipart";
import { ingestDepsOf, ingestStream, type IngestOutcome } from "./ingest.service";
import type { Actor } from "./types";

const UploadFields = z.object({
  title: z.string().trim().max(255).optional(),
  note: z.string().trim().max(2000).optional(),
  /** The folder the file came from (a folder upload's relative path; the CLI's import folder). */
  folder: z.string().trim().max(1000).optional(),
});

export type UploadResult =
  | (IngestOutcome & { ok: true })
  | { ok: false; status: "error"; filename: string; code: string; message: string; httpStatus: number };

export async function handleUpload(
  services: AppServices,
  shopId: string,
  actor: Actor,
  request: Request,
  target: { assetId?: string } = {},
): Promise<UploadResult[]> {
  const deps = ingestDepsOf(services);
  const { results } = await streamMultipart(request, {
    maxFiles: target.assetId ? 1 : services.config.limits.maxFiles,
    fileField: "file",
    onFile: (part) => {
      const fields = UploadFields.parse(part.fields);
      return ingestStream(deps, shopId, actor, { stream: part.stream, filename: part.filename }, { ...fields, assetId: target.assetId });
    },
  });
  if (!results.length) throw new AppError("validation", "No file was sent: use the multipart field `file`.");
  return results.map((r) => {
    if (r.status === "fulfilled") return { ...r.value, ok: true as const };
    const { status, body } = errorBody(r.reason);
    return { ok: false as const, status: "error" as const, filename: r.filename, code: body.code, message: body.message, httpStatus: status };
  });
}
