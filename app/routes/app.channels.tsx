// Channels: the linked seller accounts (the Shopify store, Amazon sellers, TikTok shops) with their health
// and last catalogue import; connect (admins, through each channel's consent page), import, disconnect.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, IndexTable, InlineStack, Layout, Page, Select, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { allows } from "~/.server/governance/policy";
import { errorBody } from "~/.server/http/api-response";
import { requireShop } from "~/.server/shops/require-shop";
import { disconnectAccount, listAccounts } from "~/.server/sync/accounts.service";
import { listingCount, requestImport } from "~/.server/sync/catalogue.service";
import { connectOptions, startConnect } from "~/.server/sync/connect.service";
import { useNotify } from "~/components/shell/notify";

export const meta: MetaFunction = () => [{ title: "Channels · Assetline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  const prisma = services.db.prisma;
  const accounts = await listAccounts(prisma, shop.id, actor);
  const url = new URL(request.url);
  return {
    canManage: allows(actor, "channel.manage"),
    canImport: allows(actor, "asset.edit"),
    storeConnected: accounts.some((a) => a.channel === "shopify" && a.status === "active"),
    connected: url.searchParams.get("connected"),
    options: connectOptions(services.config),
    accounts: await Promise.all(
      accounts.map(async (a) => ({
        id: a.id,
        channel: a.channel,
        name: a.name,
        externalId: a.externalId,
        region: a.region,
        marketplaces: (a.marketplaces as Array<{ id: string; name: string }>).map((m) => m.name || m.id),
        status: a.status,
        statusMessage: a.statusMessage,
        lastImportAt: a.lastImportAt?.toISOString() ?? null,
        lastImportError: a.lastImportError,
        listings: await listingCount(prisma, shop.id, a.id),
      })),
    ),
  };
}

const Form = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("connect"), channel: z.enum(["amazon", "tiktok", "shopify"]), market: z.string().regex(/^[A-Z]{2,3}$/).default("US") }),
  z.object({ intent: z.literal("import"), accountId: z.string().uuid() }),
  z.object({ intent: z.literal("disconnect"), accountId: z.string().uuid() }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  try {
    const f = Form.parse(Object.fromEntries(await request.formData()));
    if (f.intent === "connect") {
      const target = await startConnect(services, shop.id, actor, f.channel, f.market, new URL(request.url).origin);
      return { ok: true as const, message: "", redirect: target };
    }
    if (f.intent === "import") {
      await requestImport({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, f.accountId);
      return { ok: true as const, message: "Import started; listings appear as pages arrive", redirect: null };
    }
    await disconnectAccount(services.db.prisma, shop.id, actor, f.accountId);
    return { ok: true as const, message: "Disconnected; its tokens were deleted", redirect: null };
  } catch (err) {
    if (err instanceof Response) throw err;
    return { ok: false as const, error: errorBody(err).body.message, redirect: null };
  }
}

const CHANNEL_LABEL: Record<string, string> = { shopify: "Shopify", amazon: "Amazon", tiktok: "TikTok Shop" };
const STATUS: Record<string, { tone: "success" | "critical" | "attention" | undefined; label: string }> = {
  active: { tone: "success", label: "Connected" },
  needs_reauth: { tone: "critical", label: "Needs re-authorisation" },
  disconnected: { tone: undefined, label: "Disconnected" },
};

export default function Channels() {
  const { accounts, canManage, canImport, options, connected, storeConnected } = useLoaderData<typeof loader>();
  const f = useFetcher<typeof action>();
  const notify = useNotify();
  const [amazonMarket, setAmazonMarket] = useState(options.amazon.markets[0]?.value ?? "US");
  const [tiktokRegion, setTiktokRegion] = useState("ROW");
  useEffect(() => {
    if (f.state !== "idle" || !f.data) return;
    if (f.data.ok && f.data.redirect) window.open(f.data.redirect, "_top"); // consent pages leave the admin frame
    else if (f.data.ok && f.data.message) notify(f.data.message);
  }, [f.state, f.data, notify]);
  const error = f.state === "idle" && f.data && !f.data.ok ? f.data.error : null;
  const busy = (intent: string, id?: string) => f.state !== "idle" && f.formData?.get("intent") === intent && (!id || f.formData?.get("accountId") === id);

  return (
    <Page title="Channels" subtitle="The stores and marketplaces Assetline publishes to">
      <Layout>
        {connected && (
          <Layout.Section>
            <Banner tone="success" title="Account connected">
              <p>Its catalogue is being imported; listings appear on the Listings page as pages arrive.</p>
            </Banner>
          </Layout.Section>
        )}
        {error && (
          <Layout.Section>
            <Banner tone="critical">
              <p>{error}</p>
            </Banner>
          </Layout.Section>
        )}
        {canManage && (
          <Layout.Section>
            <InlineStack gap="400" wrap>
              {!storeConnected && !options.shopify.missing && (
                <Card>
                  <BlockStack gap="300">
                    <Text as="h2" variant="headingSm">Shopify store (demo)</Text>
                    <Text as="p" tone="subdued">A real store is connected by installing Assetline from Shopify. Install it on the demo store.</Text>
                    <Button
                      variant="primary"
                      loading={busy("connect") && f.formData?.get("channel") === "shopify"}
                      onClick={() => f.submit({ intent: "connect", channel: "shopify" }, { method: "post" })}
                    >
                      Connect Shopify store
                    </Button>
                  </BlockStack>
                </Card>
              )}
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingSm">Amazon</Text>
                  <Text as="p" tone="subdued">Sign in to Seller Central and approve Assetline for your region.</Text>
                  <Select label="Marketplace" options={options.amazon.markets} value={amazonMarket} onChange={setAmazonMarket} />
                  {options.amazon.missing && <Text as="p" tone="caution">{options.amazon.missing}</Text>}
                  <Button
                    variant="primary"
                    disabled={Boolean(options.amazon.missing)}
                    loading={busy("connect") && f.formData?.get("channel") === "amazon"}
                    onClick={() => f.submit({ intent: "connect", channel: "amazon", market: amazonMarket }, { method: "post" })}
                  >
                    Connect Amazon
                  </Button>
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingSm">TikTok Shop</Text>
                  <Text as="p" tone="subdued">Approve Assetline in TikTok Shop Seller Center; every authorised shop is listed.</Text>
                  <Select
                    label="Seller region"
                    options={[
                      { label: "United States", value: "US" },
                      { label: "Rest of world", value: "ROW" },
                    ]}
                    value={tiktokRegion}
                    onChange={setTiktokRegion}
                  />
                  {options.tiktok.missing && <Text as="p" tone="caution">{options.tiktok.missing}</Text>}
                  <Button
                    variant="primary"
                    disabled={Boolean(options.tiktok.missing)}
                    loading={busy("connect") && f.formData?.get("channel") === "tiktok"}
                    onClick={() => f.submit({ intent: "connect", channel: "tiktok", market: tiktokRegion }, { method: "post" })}
                  >
                    Connect TikTok Shop
                  </Button>
                </BlockStack>
              </Card>
            </InlineStack>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card padding="0">
            <IndexTable
              resourceName={{ singular: "account", plural: "accounts" }}
              itemCount={accounts.length}
              selectable={false}
              emptyState={
                <Box padding="400">
                  <Text as="p" tone="subdued">No channel accounts yet. The Shopify store appears once the app is installed; connect Amazon or TikTok Shop above.</Text>
                </Box>
              }
              headings={[{ title: "Account" }, { title: "Channel" }, { title: "Marketplaces" }, { title: "Status" }, { title: "Listings" }, { title: "Last import" }, { title: "" }]}
            >
              {accounts.map((a, i) => (
                <IndexTable.Row id={a.id} key={a.id} position={i}>
                  <IndexTable.Cell>
                    <BlockStack gap="050">
                      <Text as="span" fontWeight="semibold">{a.name}</Text>
                      <Text as="span" tone="subdued" variant="bodySm">{a.externalId}</Text>
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{`${CHANNEL_LABEL[a.channel] ?? a.channel}${a.region ? ` · ${a.region}` : ""}`}</IndexTable.Cell>
                  <IndexTable.Cell>{a.marketplaces.join(", ") || "—"}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <BlockStack gap="050">
                      <Badge tone={STATUS[a.status]?.tone}>{STATUS[a.status]?.label ?? a.status}</Badge>
                      {a.statusMessage && <Text as="span" tone="critical" variant="bodySm">{a.statusMessage}</Text>}
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Link to={`/app/listings?accountId=${a.id}`}>{String(a.listings)}</Link>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    {a.lastImportError ? (
                      <Text as="span" tone="critical" variant="bodySm">{`Failed: ${a.lastImportError}`}</Text>
                    ) : a.lastImportAt ? (
                      new Date(a.lastImportAt).toLocaleString()
                    ) : (
                      "Not yet"
                    )}
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <InlineStack gap="200" align="end">
                      {canImport && a.status !== "disconnected" && (
                        <Button size="slim" loading={busy("import", a.id)} onClick={() => f.submit({ intent: "import", accountId: a.id }, { method: "post" })}>
                          Import now
                        </Button>
                      )}
                      {canManage && a.status !== "disconnected" && a.channel !== "shopify" && (
                        <Button size="slim" tone="critical" variant="plain" loading={busy("disconnect", a.id)} onClick={() => f.submit({ intent: "disconnect", accountId: a.id }, { method: "post" })}>
                          Disconnect
                        </Button>
                      )}
                    </InlineStack>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
