// GET /api/v1/accounts — the linked channel accounts (never their tokens), with listing counts and the
// last catalogue import.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { listAccounts } from "~/.server/sync/accounts.service";
import { listingCount } from "~/.server/sync/catalogue.service";

export const loader = apiHandler(async ({ request }: LoaderFunctionArgs) => {
  const { shop, actor, services } = await requireApiKey(request);
  const prisma = services.db.prisma;
  const rows = await listAccounts(prisma, shop.id, actor);
  return json({
    items: await Promise.all(
      rows.map(async (a) => ({
        id: a.id,
        channel: a.channel,
        externalId: a.externalId,
        name: a.name,
        region: a.region,
        marketplaces: a.marketplaces,
        status: a.status,
        statusMessage: a.statusMessage,
        listings: await listingCount(prisma, shop.id, a.id),
        lastImportAt: a.lastImportAt?.toISOString() ?? null,
        lastImportError: a.lastImportError,
        createdAt: a.createdAt.toISOString(),
      })),
    ),
  });
});
