// POST /api/v1/assets/:id/analyse { force?, analysers?, allVersions? } — queue auto-tagging of the
// asset's latest version again (202 { queued }). Without `force` only analysers whose stored result is
// of an older version (or failed) run; `analysers` names a subset ("colour", "ocr", …).
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { AppError } from "~/.server/errors";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { readAnalyseBody } from "~/.server/library/analyse-request";
import { requestAnalysis } from "~/.server/library/auto-tags.service";

const Params = z.object({ assetId: z.string().uuid("asset ids are UUIDs") });

export const loader = () => json({ code: "validation", message: "Use POST to analyse an asset." }, 405);

export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") throw new AppError("validation", `${request.method} is not allowed here; use POST.`);
  const { shop, actor, services } = await requireApiKey(request);
  const { assetId } = Params.parse(params);
  const body = await readAnalyseBody(request);
  const res = await requestAnalysis({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, { ...body, assetIds: [assetId] });
  return json(res, 202);
});
