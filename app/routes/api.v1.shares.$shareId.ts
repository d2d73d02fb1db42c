// GET /api/v1/shares/:id — the link and its access log (who opened, previewed, downloaded what; IPs only
// as hashes). DELETE — revoke it (it is refused from then on).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { AppError, notFound } from "~/.server/errors";
import { listShares, revokeShare, shareAccessLog } from "~/.server/governance/shares.service";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { presentShare } from "~/.server/governance/shares.present";

export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, actor, services } = await requireApiKey(request);
  const id = z.string().uuid().parse(params.shareId);
  const share = (await listShares(services.db.prisma, shop.id, actor)).find((r) => r.id === id);
  if (!share) throw notFound("That link");
  const log = await shareAccessLog(services.db.prisma, shop.id, actor, id);
  return json({
    ...presentShare(share),
    access: log.map((e) => ({ at: e.at.toISOString(), action: e.action, assetId: e.assetId, assetTitle: e.asset?.title ?? null, visitor: e.ipHash.slice(0, 8) })),
  });
});

export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "DELETE") throw new AppError("validation", `${request.method} is not allowed here; use DELETE.`);
  const { shop, actor, services } = await requireApiKey(request);
  await revokeShare(services.db.prisma, shop.id, actor, z.string().uuid().parse(params.shareId));
  return json({ revoked: true });
});
