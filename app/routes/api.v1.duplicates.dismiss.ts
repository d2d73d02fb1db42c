// POST /api/v1/duplicates/dismiss { assetIds } — "not duplicates": every pair among the assets (2–50) is
// kept apart on the Duplicates page from now on. 200 { pairs, added }.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { AppError, valid } from "~/.server/errors";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { dismissDuplicates, MAX_DISMISS } from "~/.server/library/duplicates/duplicates.service";

const Body = z
  .object({ assetIds: z.array(z.string().uuid("asset ids are UUIDs")).min(2, "name at least two assets").max(MAX_DISMISS, `at most ${MAX_DISMISS} assets at once`) })
  .strict();

export const loader = () => json({ code: "validation", message: "Use POST to mark assets as not duplicates." }, 405);

export const action = apiHandler(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") throw new AppError("validation", `${request.method} is not allowed here; use POST.`);
  const { shop, actor, services } = await requireApiKey(request);
  const body = valid(Body, await request.json().catch(() => { throw new AppError("validation", "The body must be JSON."); }));
  return json(await dismissDuplicates({ prisma: services.db.prisma }, shop.id, actor, body.assetIds));
});
