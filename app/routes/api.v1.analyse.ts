// POST /api/v1/analyse { force?, analysers?, allVersions? } — backfill: queue auto-tagging of every image
// (each asset's latest version; every version with allVersions) within the caller's market scope.
// 202 { queued }. Jobs dedupe per version, so sending it twice queues nothing twice.
import type { ActionFunctionArgs } from "@remix-run/node";
import { AppError } from "~/.server/errors";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { readAnalyseBody } from "~/.server/library/analyse-request";
import { requestAnalysis } from "~/.server/library/auto-tags.service";

export const loader = () => json({ code: "validation", message: "Use POST to queue analysis." }, 405);

export const action = apiHandler(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") throw new AppError("validation", `${request.method} is not allowed here; use POST.`);
  const { shop, actor, services } = await requireApiKey(request);
  const body = await readAnalyseBody(request);
  return json(await requestAnalysis({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, body), 202);
});
