// Share links: create one for a selection (from the library), see who opened what, revoke.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, Checkbox, IndexTable, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { allows } from "~/.server/governance/policy";
import { createShare, listShares, revokeShare } from "~/.server/governance/shares.service";
import { errorBody } from "~/.server/http/api-response";
import { requireShop } from "~/.server/shops/require-shop";
import { useNotify } from "~/components/shell/notify";

export const meta: MetaFunction = () => [{ title: "Share links · Assetline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  if (!allows(actor, "share.create")) return { notAllowed: `Sharing is for editors and admins; you are signed in as ${actor.role}.`, links: [] };
  const now = Date.now();
  const rows = await listShares(services.db.prisma, shop.id, actor);
  return {
    notAllowed: null,
    links: rows.map((r) => ({
      id: r.id,
      name: r.name,
      assets: r.assetIds.length,
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
  ids: z.string().transform((s) => s.split(",").filter(Boolean)).pipe(z.array(z.string().uuid()).min(1, "Select assets in the library first, then choose Share.").max(500)),
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

export default function Shares() {
  const { links, notAllowed } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const ids = params.get("ids") ?? "";
  const count = ids.split(",").filter(Boolean).length;
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
        {count > 0 && (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingSm">{`New link for ${count} ${count === 1 ? "asset" : "assets"}`}</Text>
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
                    onClick={() => f.submit({ intent: "create", name, ids, days, password, previewOnly: String(previewOnly) }, { method: "post" })}
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
                  <IndexTable.Cell>{l.assets}</IndexTable.Cell>
                  <IndexTable.Cell>{l.previewOnly ? "Preview only" : "Download"}</IndexTable.Cell>
                  <IndexTable.Cell>{l.expiresAt ? new Date(l.expiresAt).toLocaleDateString() : "Never"}</IndexTable.Cell>
                  <IndexTable.Cell>{l.visits}</IndexTable.Cell>
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
      </Layout>
    </Page>
  );
}
