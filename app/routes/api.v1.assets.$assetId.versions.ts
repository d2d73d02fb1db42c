// GET /api/v1/assets/:id/versions; POST — add a version: multipart `file`, or JSON `{ "sha256" }` to
// reuse bytes the shop already has (the "add as new version" answer to a duplicate).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { AppError } from "~/.server/errors";
import { getAsset } from "~/.server/library/assets.service";
import { addVersionFromBlob } from "~/.server/library/ingest.service";
import { presentVersion } from "~/.server/library/present";
import { handleUpload } from "~/.server/library/upload.service";

const Params = z.object({ assetId: z.string().uuid("asset ids are UUIDs") });
const FromBlob = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), note: z.string().max(2000).optional() }).strict();

export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, actor, services } = await requireApiKey(request);
  const { assetId } = Params.parse(params);
  const { versions } = await getAsset({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, assetId);
  return json({ items: versions.map((v) => presentVersion(shop.mediaKey, assetId, v)) });
});

export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") throw new AppError("validation", `${request.method} is not allowed here; use POST.`);
  const { shop, actor, services } = await requireApiKey(request);
  const { assetId } = Params.parse(params);
  const deps = { prisma: services.db.prisma, queue: services.queue };
  let versionId: string;
  if ((request.headers.get("content-type") ?? "").includes("application/json")) {
    const body = FromBlob.parse(await request.json());
    versionId = (await addVersionFromBlob(deps, shop.id, actor, assetId, body.sha256, { note: body.note })).id;
  } else {
    const [r] = await handleUpload(services, shop.id, actor, request, { assetId });
    if (!r!.ok) return json({ code: r!.code, message: r!.message }, r!.httpStatus);
    if (r!.status !== "created") throw new AppError("conflict", "This file is already in the library.");
    versionId = r!.versionId;
  }
  const { versions } = await getAsset(deps, shop.id, actor, assetId);
  const v = versions.find((x) => x.id === versionId)!;
  return json(presentVersion(shop.mediaKey, assetId, v), 201);
});
