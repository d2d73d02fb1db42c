// Collections: named groups of assets (a campaign, a season, a partner's pack). Open one to see its
// assets in the library, share it whole, or give it its own approval chain on the Members page.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, IndexTable, InlineStack, Layout, Modal, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { capabilities } from "~/.server/governance/policy";
import { errorBody } from "~/.server/http/api-response";
import { createCollection, deleteCollection, listCollections, updateCollection } from "~/.server/library/collections.service";
import { requireShop } from "~/.server/shops/require-shop";
import { useNotify } from "~/components/shell/notify";

export const meta: MetaFunction = () => [{ title: "Collections · Assetline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  const rows = await listCollections(services.db.prisma, shop.id, actor);
  return {
    can: capabilities(actor),
    collections: rows.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() })),
  };
}

const Form = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), name: z.string(), description: z.string().default("") }),
  z.object({ intent: z.literal("update"), id: z.string().uuid(), name: z.string(), description: z.string().default("") }),
  z.object({ intent: z.literal("delete"), id: z.string().uuid() }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  const prisma = services.db.prisma;
  try {
    const f = Form.parse(Object.fromEntries(await request.formData()));
    if (f.intent === "create") {
      const c = await createCollection(prisma, shop.id, actor, { name: f.name, description: f.description });
      return { ok: true as const, message: `Collection “${c.name}” created` };
    }
    if (f.intent === "update") {
      await updateCollection(prisma, shop.id, actor, f.id, { name: f.name, description: f.description });
      return { ok: true as const, message: "Collection saved" };
    }
    await deleteCollection(prisma, shop.id, actor, f.id);
    return { ok: true as const, message: "Collection deleted; its assets stay in the library" };
  } catch (err) {
    if (err instanceof Response) throw err;
    return { ok: false as const, error: errorBody(err).body.message.replace(/^\w+: /, "") };
  }
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["collections"][number];

export default function Collections() {
  const { collections, can } = useLoaderData<typeof loader>();
  const notify = useNotify();
  const f = useFetcher<typeof action>();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [editing, setEditing] = useState<Row | null>(null);
  const [editName, setEditName] = useState("");
  const [editDescription, setEditDescription] = useState("");
  const [deleting, setDeleting] = useState<Row | null>(null);
  useEffect(() => {
    if (f.state !== "idle" || !f.data?.ok) return;
    notify(f.data.message);
    setName("");
    setDescription("");
    setEditing(null);
    setDeleting(null);
  }, [f.state, f.data, notify]);
  const error = f.state === "idle" && f.data && !f.data.ok ? f.data.error : null;

  return (
    <Page title="Collections" subtitle="Group assets by campaign, season or partner; share a collection or give it its own approval chain">
      <Layout>
        {error && (
          <Layout.Section>
            <Banner tone="critical">
              <p>{error}</p>
            </Banner>
          </Layout.Section>
        )}
        {can.edit && (
          <Layout.Section>
            <Card>
              <f.Form method="post">
                <input type="hidden" name="intent" value="create" />
                <InlineStack gap="300" blockAlign="end">
                  <TextField label="New collection" name="name" value={name} onChange={setName} autoComplete="off" placeholder="Spring 2027 campaign" />
                  <div style={{ flex: 1, minWidth: 240 }}>
                    <TextField label="Description (optional)" name="description" value={description} onChange={setDescription} autoComplete="off" />
                  </div>
                  <Button submit variant="primary" loading={f.state !== "idle" && f.formData?.get("intent") === "create"}>
                    Create collection
                  </Button>
                </InlineStack>
              </f.Form>
            </Card>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card padding="0">
            <IndexTable
              resourceName={{ singular: "collection", plural: "collections" }}
              itemCount={collections.length}
              selectable={false}
              emptyState={
                <div style={{ padding: 16 }}>
                  <Text as="p" tone="subdued">
                    No collections yet. Create one here, or select assets in the library and choose “Add to collection…”.
                  </Text>
                </div>
              }
              headings={[{ title: "Collection" }, { title: "Assets" }, { title: "Approval chain" }, { title: "" }]}
            >
              {collections.map((c, i) => (
                <IndexTable.Row id={c.id} key={c.id} position={i}>
                  <IndexTable.Cell>
                    <BlockStack gap="050">
                      <Link to={`/app?collection=${c.id}`}>
                        <Text as="span" fontWeight="semibold">{c.name}</Text>
                      </Link>
                      {c.description && <Text as="span" tone="subdued" variant="bodySm">{c.description}</Text>}
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{c.assetCount}</IndexTable.Cell>
                  <IndexTable.Cell>{c.approvalChain ? <Badge tone="info">{c.approvalChain.name}</Badge> : <Text as="span" tone="subdued">Default</Text>}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <InlineStack gap="200" align="end">
                      {can.share && <Button url={`/app/shares?collection=${c.id}`} size="slim">Share</Button>}
                      {can.edit && (
                        <Button
                          size="slim"
                          onClick={() => {
                            setEditing(c);
                            setEditName(c.name);
                            setEditDescription(c.description);
                          }}
                        >
                          Edit
                        </Button>
                      )}
                      {can.edit && (
                        <Button size="slim" tone="critical" variant="plain" onClick={() => setDeleting(c)}>
                          Delete
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
      <Modal
        open={editing !== null}
        onClose={() => setEditing(null)}
        title={`Edit “${editing?.name ?? ""}”`}
        primaryAction={{
          content: "Save",
          loading: f.state !== "idle",
          onAction: () => editing && f.submit({ intent: "update", id: editing.id, name: editName, description: editDescription }, { method: "post" }),
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setEditing(null) }]}
      >
        <Modal.Section>
          <BlockStack gap="300">
            <TextField label="Name" value={editName} onChange={setEditName} autoComplete="off" />
            <TextField label="Description" value={editDescription} onChange={setEditDescription} autoComplete="off" multiline={3} />
          </BlockStack>
        </Modal.Section>
      </Modal>
      <Modal
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete “${deleting?.name ?? ""}”?`}
        primaryAction={{ content: "Delete collection", destructive: true, loading: f.state !== "idle", onAction: () => deleting && f.submit({ intent: "delete", id: deleting.id }, { method: "post" }) }}
        secondaryActions={[{ content: "Cancel", onAction: () => setDeleting(null) }]}
      >
        <Modal.Section>
          <Text as="p">The {deleting?.assetCount ?? 0} assets in it stay in the library. Share links for this collection stop showing anything.</Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}
