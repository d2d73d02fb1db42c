// Activity: what the sync engine and the licence checks told the shop, newest first, with whether each
// notice went out to the shop's webhook and email (Settings → Notifications).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Button, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { AppError } from "~/.server/errors";
import { activityKindLabel, listActivity } from "~/.server/notify/activity.service";
import { allows } from "~/.server/governance/policy";
import { requireShop } from "~/.server/shops/require-shop";
import { ActivityFeed } from "~/components/activity/ActivityFeed";

export const meta: MetaFunction = () => [{ title: "Activity · Assetline" }];

const Query = z.object({
  cursor: z.string().max(200).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  const q = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const canConfigure = allows(actor, "member.manage");
  try {
    const page = await listActivity(services.db.prisma, shop.id, actor, { cursor: q.cursor, limit: 50 });
    return {
      notAllowed: null,
      canConfigure,
      nextCursor: page.nextCursor,
      items: page.items.map((a) => ({ ...a, kindLabel: activityKindLabel(a.kind) })),
    };
  } catch (err) {
    if (err instanceof AppError && err.kind === "forbidden") return { notAllowed: err.message, canConfigure, nextCursor: null, items: [] };
    throw err;
  }
}

export default function Activity() {
  const { items, nextCursor, notAllowed, canConfigure } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const paged = params.has("cursor");
  return (
    <Page title="Activity" subtitle="Sync outcomes and licence notices, newest first">
      <Layout>
        <Layout.Section>
          {notAllowed ? (
            <Banner tone="info" title="Activity">
              <p>{notAllowed}</p>
            </Banner>
          ) : (
            <BlockStack gap="400">
              {canConfigure && (
                <Text as="p" variant="bodySm" tone="subdued">
                  Choose where notices are sent (a Slack-compatible webhook, email) in <Link to="/app/settings">Settings → Notifications</Link>.
                </Text>
              )}
              <ActivityFeed items={items} />
              {(nextCursor || paged) && (
                <InlineStack align="center" gap="200">
                  {paged && <Button onClick={() => setParams(new URLSearchParams())}>Newest</Button>}
                  {nextCursor && <Button onClick={() => setParams(new URLSearchParams({ cursor: nextCursor }))}>Older notices</Button>}
                </InlineStack>
              )}
            </BlockStack>
          )}
        </Layout.Section>
      </Layout>
    </Page>
  );
}
