// Listings: every imported listing of the linked accounts (Shopify products, Amazon SKUs per marketplace,
// TikTok products) with its current images, searchable by title or SKU and filtered by channel/account.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, IndexTable, InlineStack, Page, Select, Text, TextField, Thumbnail } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { requireShop } from "~/.server/shops/require-shop";
import { listAccounts } from "~/.server/sync/accounts.service";
import { browseListings } from "~/.server/sync/catalogue.service";

export const meta: MetaFunction = () => [{ title: "Listings · Assetline" }];

const Query = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  channel: z.enum(["shopify", "amazon", "tiktok"]).optional().catch(undefined),
  accountId: z.string().uuid().optional().catch(undefined),
  marketplaceId: z.string().max(40).optional().catch(undefined),
  cursor: z.string().max(200).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  const q = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const prisma = services.db.prisma;
  const accounts = await listAccounts(prisma, shop.id, actor);
  const page = await browseListings(prisma, shop.id, actor, { q: q.q || undefined, channel: q.channel, accountId: q.accountId, marketplaceId: q.marketplaceId }, { cursor: q.cursor, limit: 50 });
  return {
    accounts: accounts.map((a) => ({ id: a.id, label: `${a.name} (${a.channel})` })),
    // Amazon marketplaces of the linked sellers (listings are per SKU and marketplace there).
    marketplaces: [
      ...new Map(
        accounts
          .filter((a) => a.channel === "amazon")
          .flatMap((a) => a.marketplaces as Array<{ id: string; name: string }>)
          .map((m) => [m.id, { value: m.id, label: `${m.name} (${m.id})` }]),
      ).values(),
    ],
    nextCursor: page.nextCursor,
    items: page.items.map((l) => ({
      id: l.id,
      title: l.title,
      externalId: l.externalId,
      skus: l.skus,
      marketplaceId: l.marketplaceId,
      status: l.status,
      channel: l.account.channel,
      account: l.account.name,
      images: (l.images as Array<{ url: string | null; externalRef: string }>).slice(0, 9),
      readAt: l.readAt.toISOString(),
    })),
  };
}

const CHANNEL_LABEL: Record<string, string> = { shopify: "Shopify", amazon: "Amazon", tiktok: "TikTok Shop" };

export default function Listings() {
  const { items, accounts, marketplaces, nextCursor } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const navigation = useNavigation();
  const [text, setText] = useState(params.get("q") ?? "");
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    next.delete("cursor");
    setParams(next, { replace: k === "q" });
  };
  useEffect(() => {
    if (text === (params.get("q") ?? "")) return;
    const t = setTimeout(() => set("q", text.trim()), 300);
    return () => clearTimeout(t);
    // Debounced on the text only.
  }, [text]);
  return (
    <Page title="Listings" subtitle="Products on your channels, with the images they show now">
      <BlockStack gap="400">
        <Card>
          <InlineStack gap="300" blockAlign="end">
            <div style={{ minWidth: 280, flex: 1 }}>
              <TextField label="Search" value={text} onChange={setText} autoComplete="off" placeholder="Title or SKU" clearButton onClearButtonClick={() => setText("")} />
            </div>
            <Select
              label="Channel"
              options={[{ label: "All channels", value: "" }, ...Object.entries(CHANNEL_LABEL).map(([value, label]) => ({ label, value }))]}
              value={params.get("channel") ?? ""}
              onChange={(v) => set("channel", v)}
            />
            <Select label="Account" options={[{ label: "All accounts", value: "" }, ...accounts.map((a) => ({ label: a.label, value: a.id }))]} value={params.get("accountId") ?? ""} onChange={(v) => set("accountId", v)} />
            {marketplaces.length > 0 && (
              <Select label="Marketplace" options={[{ label: "All marketplaces", value: "" }, ...marketplaces]} value={params.get("marketplaceId") ?? ""} onChange={(v) => set("marketplaceId", v)} />
            )}
          </InlineStack>
        </Card>
        <Card padding="0">
          <IndexTable
            resourceName={{ singular: "listing", plural: "listings" }}
            itemCount={items.length}
            selectable={false}
            loading={navigation.state === "loading"}
            emptyState={
              <Box padding="400">
                <Text as="p" tone="subdued">No listings found. Connect a channel on the Channels page; its catalogue is imported right after.</Text>
              </Box>
            }
            headings={[{ title: "Listing" }, { title: "Channel" }, { title: "SKU" }, { title: "Images" }, { title: "Status" }]}
          >
            {items.map((l, i) => (
              <IndexTable.Row id={l.id} key={l.id} position={i}>
                <IndexTable.Cell>
                  <BlockStack gap="050">
                    <Text as="span" fontWeight="semibold">{l.title}</Text>
                    <Text as="span" tone="subdued" variant="bodySm">{l.externalId}</Text>
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>{`${CHANNEL_LABEL[l.channel] ?? l.channel}${l.marketplaceId ? ` · ${l.marketplaceId}` : ""}`}</IndexTable.Cell>
                <IndexTable.Cell>{l.skus.slice(0, 2).join(", ") || "—"}</IndexTable.Cell>
                <IndexTable.Cell>
                  <InlineStack gap="100" wrap={false}>
                    {l.images.length ? l.images.slice(0, 6).map((img) => <Thumbnail key={img.externalRef} size="small" source={img.url ?? ""} alt="" />) : <Text as="span" tone="subdued">No images</Text>}
                    {l.images.length > 6 && <Text as="span" tone="subdued">{`+${l.images.length - 6}`}</Text>}
                  </InlineStack>
                </IndexTable.Cell>
                <IndexTable.Cell>{l.status ? <Badge>{l.status}</Badge> : "—"}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
        {nextCursor && (
          <InlineStack align="center">
            <Button onClick={() => setParams((prev) => { const next = new URLSearchParams(prev); next.set("cursor", nextCursor); return next; })}>More listings</Button>
          </InlineStack>
        )}
      </BlockStack>
    </Page>
  );
}
