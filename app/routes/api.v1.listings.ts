// GET /api/v1/listings?q=&channel=&accountId=&marketplaceId=&cursor=&limit= — imported listings with
// their current images.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireApiKey } from "~/.server/http/api-auth";
import { apiHandler, json } from "~/.server/http/api-response";
import { browseListings } from "~/.server/sync/catalogue.service";

const Query = z
  .object({
    q: z.string().trim().max(200).optional(),
    channel: z.enum(["shopify", "amazon", "tiktok"]).optional(),
    accountId: z.string().uuid().optional(),
    marketplaceId: z.string().max(40).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();

export const loader = apiHandler(async ({ request }: LoaderFunctionArgs) => {
  const { shop, actor, services } = await requireApiKey(request);
  const q = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = await browseListings(services.db.prisma, shop.id, actor, { q: q.q || undefined, channel: q.channel, accountId: q.accountId, marketplaceId: q.marketplaceId }, { cursor: q.cursor, limit: q.limit });
  return json({
    items: page.items.map((l) => ({
      id: l.id,
      channel: l.account.channel,
      accountId: l.accountId,
      externalId: l.externalId,
      marketplaceId: l.marketplaceId || null,
      title: l.title,
      skus: l.skus,
      status: l.status,
      images: l.images,
      readAt: l.readAt.toISOString(),
    })),
    nextCursor: page.nextCursor,
  });
});
