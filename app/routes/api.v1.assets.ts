// GET /api/v1/assets — list/search (keyset pages); POST — upload (multipart field `file`).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { AppError } from "~/.server/errors";
import { getAsset, knownContent, listLibrary } from "~/.server/library/assets.service";
import { parseListQuery } from "~/.server/library/list-query";
import { presentAsset } from "~/.server/library/present";
import { handleUpload } from "~/.server/library/upload.service";

export const loader = apiHandler(async ({ request }: LoaderFunctionArgs) => {
  const { shop, actor, services } = await requireApiKey(request);
  const { cursor, limit, ...filter } = parseListQuery(new URL(request.url));
  const deps = { prisma: services.db.prisma, queue: services.queue };
  const page = await listLibrary(deps, shop.id, actor, filter, { cursor, limit });
  const known = filter.sha256 ? await knownContent(deps, shop.id, actor, filter.sha256) : undefined;
  return json({ items: page.items.map((a) => presentAsset(shop.mediaKey, a)), nextCursor: page.nextCursor, ...(known ? { known } : {}) });
});

export const action = apiHandler(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") throw new AppError("validation", `${request.method} is not allowed here; use POST.`);
  const { shop, actor, services } = await requireApiKey(request);
  const results = await handleUpload(services, shop.id, actor, request);
  const deps = { prisma: services.db.prisma, queue: services.queue };
  const shaped = await Promise.all(
    results.map(async (r) => {
      if (!r.ok) return { status: r.httpStatus, body: { filename: r.filename, code: r.code, message: r.message } };
      if (r.status === "duplicate")
        return { status: 200, body: { filename: r.filename, sha256: r.sha256, duplicateOf: r.duplicateOf } };
      const { asset, versions } = await getAsset(deps, shop.id, actor, r.assetId);
      return { status: 201, body: { filename: r.filename, asset: presentAsset(shop.mediaKey, asset, versions) } };
    }),
  );
  if (shaped.length === 1) {
    const only = shaped[0]!;
    if (only.status >= 400) {
      const b = only.body as { code: string; message: string };
      return json({ code: b.code, message: b.message }, only.status);
    }
    return json(only.body, only.status);
  }
  return json({ results: shaped.map((s) => ({ httpStatus: s.status, ...s.body })) }, 200);
});
