// GET /api/v1/renditions?assetId=&versionId= — the version's rendition for every channel preset of the
// shop, with findings (image + market text), verdict, the asset's Fix and the "before" rendition.
// POST { assetId, versionId, presetIds } — build presets now (channels the shop does not build eagerly).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { AppError } from "~/.server/errors";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { buildOnDemand, presentRendition, versionChannelChecks } from "~/.server/renditions/compliance.service";
import { renditionDeps } from "~/.server/renditions/renditions.service";

const Query = z.object({ assetId: z.string().uuid(), versionId: z.string().uuid() });

export const loader = apiHandler(async ({ request }: LoaderFunctionArgs) => {
  const { shop, actor, services } = await requireApiKey(request);
  const q = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const r = await versionChannelChecks(renditionDeps(services), shop.id, shop.mediaKey, actor, q.assetId, q.versionId);
  return json({ items: r.checks, unavailable: r.unavailable });
});

const Body = z
  .object({ assetId: z.string().uuid(), versionId: z.string().uuid(), presetIds: z.array(z.string().regex(/^[a-z0-9.-]{1,48}$/, "not a preset id")).min(1).max(20) })
  .strict();

export const action = apiHandler(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") throw new AppError("validation", `${request.method} is not allowed here; use POST.`);
  const { shop, actor, services } = await requireApiKey(request);
  const body = Body.parse(await request.json().catch(() => { throw new AppError("validation", "The body must be JSON."); }));
  const built = await buildOnDemand(renditionDeps(services), shop.id, actor, body.assetId, body.versionId, [...new Set(body.presetIds)]);
  return json({ items: [...built.values()].map((r) => presentRendition(shop.mediaKey, r)) }, 201);
});
