// POST /api/v1/renditions/fixes { assetId, versionId, presetId } — the one-click Fix: a recipe from the
// rendition's findings, stored for (asset, preset) and applied to later versions until removed; returns
// the fixed rendition. DELETE { assetId, presetId } — remove the Fix.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { AppError } from "~/.server/errors";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { applyFix, presentRendition, removeFix } from "~/.server/renditions/compliance.service";
import { renditionDeps } from "~/.server/renditions/renditions.service";

const PresetIdField = z.string().regex(/^[a-z0-9.-]{1,48}$/, "not a preset id");
const Apply = z.object({ assetId: z.string().uuid(), versionId: z.string().uuid(), presetId: PresetIdField }).strict();
const Remove = z.object({ assetId: z.string().uuid(), presetId: PresetIdField }).strict();

export const action = apiHandler(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST" && request.method !== "DELETE") throw new AppError("validation", `${request.method} is not allowed here; use POST or DELETE.`);
  const { shop, actor, services } = await requireApiKey(request);
  const raw = await request.json().catch(() => { throw new AppError("validation", "The body must be JSON."); });
  const deps = renditionDeps(services);
  if (request.method === "DELETE") {
    const b = Remove.parse(raw);
    await removeFix(deps, shop.id, actor, b.assetId, b.presetId);
    return new Response(null, { status: 204 });
  }
  const b = Apply.parse(raw);
  const r = await applyFix(deps, shop.id, actor, b.assetId, b.versionId, b.presetId);
  return json(presentRendition(shop.mediaKey, r), 201);
});
