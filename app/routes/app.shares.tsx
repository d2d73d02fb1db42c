// Share links: create one for a selection or a collection (from the library), see who opened and
// downloaded what (the access log, IPs only as hashes), revoke.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, Checkbox, IndexTable, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { allows } from "~/.server/governance/policy";
import { createShare, listShares, revokeShare, shareAccessLog } from "~/.server/governance/shares.service";
import { getCollection } from "~/.server/library/collections.service";
import { errorBody } from "~/.server/http/api-response";
import { requireShop } from "~/.server/shops/require-shop";
import { useNotify } from "~/components/shell/notify";

export const meta: MetaFunction = () => [{ title: "Share links · Assetline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  if (!allows(actor, "share.create"))
    return { notAllowed: `Sharing is for editors and admins; you are signed in as ${actor.role}.`, links: [], collection: null, log: null };
  const url = new URL(request.url);
  const now = Date.now();
  const rows = await listShares(services.db.prisma, shop.id, actor);
  const collectionId = z.string().uuid().safeParse(url.searchParams.get("collection")).data;
  const collection = collectionId ? await getCollection(services.db.prisma, shop.id, actor, collectionId).catch(() => null) : null;
  const logId = z.string().uuid().safeParse(url.searchParams.get("log")).data;
  const logOf = logId ? rows.find((r) => r.id === logId) : undefined;
  const log = logOf ? await shareAccessLog(services.db.prisma, shop.id, actor, logOf.id) : null;
  return {
    notAllowed: null,
    collection: collection ? { id: collection.collection.id, name: collection.collection.name, count: collection.assetIds.length } : null,
    log: logOf && log
      ? {
          id: logOf.id,
          name: logOf.name,
          entries: log.map((e) => ({ id: e.id, at: e.at.toISOString(), action: e.action, asset: e.asset?.title ?? null, assetId: e.assetId, visitor: e.ipHash.slice(0, 8) })),
        }
      : null,
    links: rows.map((r) => ({
      id: r.id,
      name: r.name,
      // A selection link lists its assets; a collection link (empty assetIds) follows its collection.
      assets: r.assetIds.length ? r.assetIds.length : null,
      collection: r.collection?.name ?? "deleted collection",
      previewOnly: r.previewOnly,
      password: Boolean(r.passwordHash),
      expiresAt: r.expiresAt?.toISOString() ?? null,
      status: r.revokedAt ? "revoked" : r.expiresAt && r.expiresAt.getTime() <= now ? "expired" : "active",
      visits: r._count.access,
      createdBy: r.createdBy,
      createdAt: r.createdAt.toISOString(),
    })),
  };
}

const Create = z.object({
  intent: z.literal("create"),
  name: z.string().trim().min(1, "Name the link, e.g. the partner it is for.").max(120),
  ids: z.string().default("").transform((s) => s.split(",").filter(Boolean)).pipe(z.array(z.string().uuid()).max(500)),
  collectionId: z.string().uuid().optional(),
  days: z.coerce.number().int().min(0).max(365),
  password: z.string().max(200).transform((s) => s || null),
  previewOnly: z.enum(["true", "false"]).transform((v) => v === "true"),
});

export async function action({ request }: ActionFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  const form = Object.fromEntries(await request.formData());
  try {
    if (form.intent === "revoke") {
      await revokeShare(services.db.prisma, shop.id, actor, z.string().uuid().parse(form.id));
      return { ok: true as const, message: "Link revoked", url: null };
    }
    const c = Create.parse(form);
    const made = await createShare(services.db.prisma, shop.id, actor, {
      name: c.name,
      assetIds: c.ids,
      collectionId: c.collectionId ?? null,
      expiresAt: c.days ? new Date(Date.now() + c.days * 24 * 3600 * 1000) : null,
      password: c.password,
      previewOnly: c.previewOnly,
    });
    return { ok: true as const, message: "Link created", url: new URL(made.path, request.url).toString() };
  } catch (err) {
    if (err instanceof Response) throw err;
    return { ok: false as const, error: errorBody(err).body.message.replace(/^\w+: /, "") };
  }
}

const ACCESS_LABEL: Record<string, string> = {
  open: "Opened",
  preview: "Previewed",
  download: "Downloaded",
  password_failed: "Wrong password",
  refused: "Refused",
};

export default function Shares() {
  const { links, notAllowed, collection, log } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const ids = collection ? "" : (params.get("ids") ?? "");
  const count = ids.split(",").filter(Boolean).length;
  const creating = count > 0 || collection !== null;
  const showLog = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set("log", id);
    else next.delete("log");
    setParams(next, { preventScrollReset: true });
  };
  const f = useFetcher<typeof action>();
  const notify = useNotify();
  const [name, setName] = useState("");
  const [days, setDays] = useState("7");
  const [password, setPassword] = useState("");
  const [previewOnly, setPreviewOnly] = useState(true);
  const [created, setCreated] = useState<string | null>(null);
  useEffect(() => {
    if (f.state === "idle" && f.data?.ok) {
      notify(f.data.message);
      if (f.data.url) setCreated(f.data.url);
    }
  }, [f.state, f.data, notify]);
  const error = f.state === "idle" && f.data && !f.data.ok ? f.data.error : null;
  if (notAllowed)
    return (
      <Page title="Share links">
        <Banner tone="info"><p>{notAllowed}</p></Banner>
      </Page>
    );
  return (
    <Page title="Share links" subtitle="Send a selection to partners and agencies, with a password, an expiry and preview-only mode">
      <Layout>
        {creating && (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingSm">
                  {collection
                    ? `New link for the collection “${collection.name}” (${collection.count} ${collection.count === 1 ? "asset" : "assets"} now; the link follows the collection)`
                    : `New link for ${count} ${count === 1 ? "asset" : "assets"}`}
                </Text>
                {error && <Banner tone="critical">{error}</Banner>}
                {created && (
                  <Banner tone="success" title="Link created — copy it now">
                    <BlockStack gap="200">
                      <Text as="p" breakWord><code>{created}</code></Text>
                      <InlineStack>
                        <Button onClick={() => void navigator.clipboard?.writeText(created)}>Copy link</Button>
                      </InlineStack>
                    </BlockStack>
                  </Banner>
                )}
                <InlineStack gap="300" blockAlign="end">
                  <TextField label="Name" value={name} onChange={setName} autoComplete="off" placeholder="Spring campaign — agency review" />
                  <TextField label="Expires in (days, 0 = never)" type="number" value={days} onChange={setDays} autoComplete="off" />
                  <TextField label="Password (optional)" type="password" value={password} onChange={setPassword} autoComplete="new-password" />
                </InlineStack>
                <Checkbox label="Preview only (watermarked, no downloads)" checked={previewOnly} onChange={setPreviewOnly} />
                <InlineStack>
                  <Button
                    variant="primary"
                    loading={f.state !== "idle"}
                    onClick={() =>
                      f.submit(
                        { intent: "create", name, ids, days, password, previewOnly: String(previewOnly), ...(collection ? { collectionId: collection.id } : {}) },
                        { method: "post" },
                      )
                    }
                  >
                    Create link
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card padding="0">
            <IndexTable
              resourceName={{ singular: "link", plural: "links" }}
              itemCount={links.length}
              selectable={false}
              emptyState={<div style={{ padding: 16 }}><Text as="p" tone="subdued">No links yet. Select assets in the library and choose “Share…”.</Text></div>}
              headings={[{ title: "Name" }, { title: "Assets" }, { title: "Mode" }, { title: "Expires" }, { title: "Visits" }, { title: "Status" }, { title: "" }]}
            >
              {links.map((l, i) => (
                <IndexTable.Row id={l.id} key={l.id} position={i}>
                  <IndexTable.Cell>
                    <BlockStack gap="050">
                      <Text as="span" fontWeight="semibold">{l.name}</Text>
                      <Text as="span" tone="subdued" variant="bodySm">{`by ${l.createdBy}${l.password ? " · password" : ""}`}</Text>
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{l.assets ?? `Collection: ${l.collection}`}</IndexTable.Cell>
                  <IndexTable.Cell>{l.previewOnly ? "Preview only" : "Download"}</IndexTable.Cell>
                  <IndexTable.Cell>{l.expiresAt ? new Date(l.expiresAt).toLocaleDateString() : "Never"}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Button variant="plain" onClick={() => showLog(l.id)} accessibilityLabel={`Activity of ${l.name}`}>
                      {String(l.visits)}
                    </Button>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={l.status === "active" ? "success" : undefined}>{l.status}</Badge>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    {l.status === "active" && (
                      <Button variant="plain" tone="critical" onClick={() => f.submit({ intent: "revoke", id: l.id }, { method: "post" })}>
                        Revoke
                      </Button>
                    )}
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          </Card>
        </Layout.Section>
        {log && (
          <Layout.Section>
            <Card padding="0">
              <Box padding="400">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingSm">{`Activity of “${log.name}”`}</Text>
                  <Button variant="plain" onClick={() => showLog(null)}>Close</Button>
                </InlineStack>
              </Box>
              <IndexTable
                resourceName={{ singular: "visit", plural: "visits" }}
                itemCount={log.entries.length}
                selectable={false}
                emptyState={<div style={{ padding: 16 }}><Text as="p" tone="subdued">Nobody has opened this link yet.</Text></div>}
                headings={[{ title: "When" }, { title: "What" }, { title: "Asset" }, { title: "Visitor" }]}
              >
                {log.entries.map((e, i) => (
                  <IndexTable.Row id={e.id} key={e.id} position={i}>
                    <IndexTable.Cell>{new Date(e.at).toLocaleString()}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Badge tone={e.action === "download" ? "info" : e.action === "password_failed" || e.action === "refused" ? "critical" : undefined}>
                        {ACCESS_LABEL[e.action] ?? e.action}
                      </Badge>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{e.asset ?? (e.assetId ? "(deleted asset)" : "—")}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" tone="subdued" variant="bodySm">{`visitor ${e.visitor}`}</Text>
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            </Card>
          </Layout.Section>
        )}
      </Layout>
    </Page>
  );
}
