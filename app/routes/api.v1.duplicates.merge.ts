// POST /api/v1/duplicates/merge { survivorId, assetIds, dryRun? } — merges the assets into the survivor
// (versions, tags, collections and placements move; the others are archived and marked merged-into, never
// deleted). dryRun: the preview, exactly what a merge would do now, changing nothing. 200 with the plan.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { AppError, valid } from "~/.server/errors";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { MAX_MERGE, mergeAssets, previewMerge } from "~/.server/library/duplicates/merge.service";
import { presentMerge } from "~/.server/library/duplicates/present";

const Body = z
  .object({
    survivorId: z.string().uuid("asset ids are UUIDs"),
    assetIds: z.array(z.string().uuid("asset ids are UUIDs")).min(1, "name at least one asset to merge").max(MAX_MERGE, `at most ${MAX_MERGE} assets at once`),
    dryRun: z.boolean().optional(),
  })
  .strict();

export const loader = () => json({ code: "validation", message: "Use POST to merge duplicates." }, 405);

export const action = apiHandler(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") throw new AppError("validation", `${request.method} is not allowed here; use POST.`);
  const { shop, actor, services } = await requireApiKey(request);
  const body = valid(Body, await request.json().catch(() => { throw new AppError("validation", "The body must be JSON."); }));
  const input = { survivorId: body.survivorId, assetIds: body.assetIds };
  const r = body.dryRun
    ? await previewMerge({ prisma: services.db.prisma }, shop.id, actor, input)
    : await mergeAssets({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, input);
  return json(presentMerge(r));
});
