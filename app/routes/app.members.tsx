// Members (admins only): who works in the library, their role and the markets they work on.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, IndexTable, InlineStack, Layout, Modal, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { errorBody } from "~/.server/http/api-response";
import { listShopMembers, setMemberAccess } from "~/.server/governance/members.service";
import { createChain, deleteChain, listChainsFor } from "~/.server/governance/approvals.service";
import { allows, ROLES } from "~/.server/governance/policy";
import { requireShop } from "~/.server/shops/require-shop";
import { marketList } from "~/.server/http/form-fields";
import { useNotify } from "~/components/shell/notify";
import { ChainEditor } from "~/components/governance/ChainEditor";
import { listCollections } from "~/.server/library/collections.service";

export const meta: MetaFunction = () => [{ title: "Members · Assetline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  if (!allows(actor, "member.manage"))
    return { members: [], chains: [], collections: [], notAllowed: `Members are managed by shop admins; you are signed in as ${actor.role}.` };
  const members = await listShopMembers(services.db.prisma, shop.id, actor);
  const chains = await listChainsFor(services.db.prisma, shop.id, actor);
  const collections = await listCollections(services.db.prisma, shop.id, actor);
  const nameOf = new Map(members.map((m) => [m.id, m.name]));
  const collectionName = new Map(collections.map((c) => [c.id, c.name]));
  return {
    notAllowed: null,
    collections: collections.map((c) => ({ id: c.id, name: c.name, hasChain: c.approvalChain !== null })),
    chains: chains.map((c) => ({
      id: c.id!,
      name: c.name,
      assetKind: c.assetKind,
      appliesTo: c.collectionId ? `the collection “${collectionName.get(c.collectionId) ?? "?"}”` : `all ${c.assetKind}s`,
      steps: c.steps.map((st) => `${st.name} (${st.role ?? st.memberIds?.map((id) => nameOf.get(id) ?? "former member").join(" or ")})`),
    })),
    members: members.map((m) => ({
      id: m.id,
      name: m.name,
      email: m.email,
      role: m.role,
      markets: m.markets,
      isOwner: m.isOwner,
      lastSeenAt: m.lastSeenAt?.toISOString() ?? null,
    })),
  };
}

const Body = z.object({
  memberId: z.string().uuid(),
  role: z.enum(ROLES),
  markets: marketList,
});

const ChainForm = z.object({
  intent: z.literal("chain.create"),
  name: z.string().trim().min(1, "Name the chain.").max(80),
  appliesTo: z.string().regex(/^(kind:(image|video|audio|document)|collection:[0-9a-f-]{36})$/, "Choose what the chain applies to."),
  // The editor's steps as JSON; the service validates each (role or named members).
  steps: z.string().max(10_000).transform((s, ctx) => {
    try {
      return (JSON.parse(s) as Array<{ name: string; by: string; role: string; memberIds: string[] }>).map((st) =>
        st.by === "members" ? { name: st.name, memberIds: st.memberIds } : { name: st.name, role: st.role },
      );
    } catch {
      ctx.addIssue({ code: "custom", message: "The steps could not be read." });
      return z.NEVER;
    }
  }),
});

export async function action({ request }: ActionFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  const form = Object.fromEntries(await request.formData());
  try {
    if (form.intent === "chain.create") {
      const c = ChainForm.parse(form);
      const [kind, target] = c.appliesTo.split(":") as [string, string];
      const chain = await createChain(services.db.prisma, shop.id, actor, {
        name: c.name,
        assetKind: kind === "kind" ? target : null,
        collectionId: kind === "collection" ? target : null,
        steps: c.steps,
      });
      return { ok: true as const, message: `Approval chain “${chain.name}” created` };
    }
    if (form.intent === "chain.delete") {
      await deleteChain(services.db.prisma, shop.id, actor, z.string().uuid().parse(form.chainId));
      return { ok: true as const, message: "Approval chain deleted" };
    }
    const body = Body.parse(form);
    const m = await setMemberAccess(services.db.prisma, shop.id, actor, body.memberId, { role: body.role, markets: body.markets });
    return { ok: true as const, message: `${m.name}: ${m.role}${m.markets.length ? ` · ${m.markets.join(", ")}` : " · all markets"}` };
  } catch (err) {
    if (err instanceof Response) throw err;
    return { ok: false as const, error: errorBody(err).body.message.replace(/^markets: /, "") };
  }
}

type MemberView = ReturnType<typeof useLoaderData<typeof loader>>["members"][number];

export default function Members() {
  const { members, chains, collections, notAllowed } = useLoaderData<typeof loader>();
  const notify = useNotify();
  const chainFetcher = useFetcher<typeof action>();
  const chainError = chainFetcher.state === "idle" && chainFetcher.data && !chainFetcher.data.ok ? chainFetcher.data.error : null;
  useEffect(() => {
    if (chainFetcher.state === "idle" && chainFetcher.data?.ok) notify(chainFetcher.data.message);
  }, [chainFetcher.state, chainFetcher.data, notify]);
  const save = useFetcher<typeof action>();
  const [editing, setEditing] = useState<MemberView | null>(null);
  const [role, setRole] = useState("viewer");
  const [markets, setMarkets] = useState("");

  useEffect(() => {
    if (save.state === "idle" && save.data?.ok) {
      notify(save.data.message);
      setEditing(null);
    }
  }, [save.state, save.data, notify]);

  const open = (m: MemberView) => {
    setEditing(m);
    setRole(m.role);
    setMarkets(m.markets.join(", "));
  };
  const error = save.state === "idle" && save.data && !save.data.ok ? save.data.error : null;

  return (
    <Page title="Members" subtitle="Roles decide what people may do; markets decide which assets they see">
      <Layout>
        <Layout.Section>
          {notAllowed ? (
            <Banner tone="info" title="Members">
              <p>{notAllowed}</p>
            </Banner>
          ) : (
            <Card padding="0">
              <IndexTable
                resourceName={{ singular: "member", plural: "members" }}
                itemCount={members.length}
                selectable={false}
                headings={[{ title: "Name" }, { title: "Role" }, { title: "Markets" }, { title: "Last seen" }, { title: "" }]}
              >
                {members.map((m, i) => (
                  <IndexTable.Row id={m.id} key={m.id} position={i}>
                    <IndexTable.Cell>
                      <BlockStack gap="050">
                        <InlineStack gap="200">
                          <Text as="span" fontWeight="semibold">{m.name}</Text>
                          {m.isOwner && <Badge>Owner</Badge>}
                        </InlineStack>
                        {m.email && <Text as="span" tone="subdued" variant="bodySm">{m.email}</Text>}
                      </BlockStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{m.role.charAt(0).toUpperCase() + m.role.slice(1)}</IndexTable.Cell>
                    <IndexTable.Cell>{m.markets.length ? m.markets.join(", ") : "All markets"}</IndexTable.Cell>
                    <IndexTable.Cell>{m.lastSeenAt ? new Date(m.lastSeenAt).toLocaleString() : "—"}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Button size="slim" onClick={() => open(m)} accessibilityLabel={`Change access of ${m.name}`}>
                        Change access
                      </Button>
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            </Card>
          )}
        </Layout.Section>
        {!notAllowed && (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingSm">Approval chains</Text>
                <Text as="p" tone="subdued">
                  New versions of the assets a chain applies to go through its steps in order. Without a chain, any editor approves.
                </Text>
                {chains.map((c) => (
                  <InlineStack key={c.id} align="space-between" blockAlign="center">
                    <BlockStack gap="050">
                      <Text as="span" fontWeight="semibold">{`${c.name} — ${c.appliesTo}`}</Text>
                      <Text as="span" tone="subdued">{c.steps.join(" → ")}</Text>
                    </BlockStack>
                    <Button tone="critical" variant="plain" onClick={() => chainFetcher.submit({ intent: "chain.delete", chainId: c.id }, { method: "post" })}>
                      Delete
                    </Button>
                  </InlineStack>
                ))}
                {chainError && <Banner tone="critical">{chainError}</Banner>}
                <ChainEditor
                  members={members}
                  collections={collections}
                  kindsWithChain={chains.map((c) => c.assetKind).filter((k): k is string => Boolean(k))}
                  saving={chainFetcher.state !== "idle"}
                  onSubmit={(v) =>
                    chainFetcher.submit({ intent: "chain.create", name: v.name, appliesTo: v.appliesTo, steps: JSON.stringify(v.steps) }, { method: "post" })
                  }
                />
              </BlockStack>
            </Card>
          </Layout.Section>
        )}
      </Layout>
      {editing && (
        <Modal
          open
          title={`Access of ${editing.name}`}
          onClose={() => setEditing(null)}
          primaryAction={{
            content: "Save",
            loading: save.state !== "idle",
            onAction: () => save.submit({ memberId: editing.id, role, markets }, { method: "post" }),
          }}
          secondaryActions={[{ content: "Cancel", onAction: () => setEditing(null) }]}
        >
          <Modal.Section>
            <BlockStack gap="300">
              {error && <Banner tone="critical">{error}</Banner>}
              <Select
                label="Role"
                options={[
                  { label: "Admin — everything, including members and API keys", value: "admin" },
                  { label: "Editor — upload, edit, approve, share", value: "editor" },
                  { label: "Reviewer — view, approve or reject", value: "reviewer" },
                  { label: "Viewer — view and download", value: "viewer" },
                ]}
                value={role}
                onChange={setRole}
              />
              <TextField
                label="Markets"
                value={markets}
                onChange={setMarkets}
                autoComplete="off"
                placeholder="All markets"
                helpText="Comma-separated codes, e.g. US, EU. Empty: all markets. Assets without markets are global and visible to everyone."
              />
            </BlockStack>
          </Modal.Section>
        </Modal>
      )}
    </Page>
  );
}
