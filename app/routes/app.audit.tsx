// Audit log (admins): every change with who, when and what, filterable by kind, subject, person and date.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, IndexTable, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { readAuditLog } from "~/.server/governance/audit.service";
import { allows } from "~/.server/governance/policy";
import { requireShop } from "~/.server/shops/require-shop";

export const meta: MetaFunction = () => [{ title: "Audit log · Assetline" }];

const FAMILIES = [
  { label: "All changes", value: "" },
  { label: "Assets", value: "asset." },
  { label: "Versions", value: "version." },
  { label: "Members", value: "member." },
  { label: "API keys", value: "api_key." },
  { label: "Approval chains", value: "approval_chain." },
  { label: "Rights", value: "rights." },
  { label: "Collections", value: "collection." },
  { label: "Share links", value: "share." },
];

const Query = z.object({
  action: z.string().regex(/^[a-z_]+\.([a-z_]+)?$/).optional().catch(undefined),
  subject: z.string().uuid().optional().catch(undefined),
  actor: z.string().trim().max(80).optional().catch(undefined),
  request: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/).optional().catch(undefined),
  since: z.coerce.date().optional().catch(undefined),
  cursor: z.string().max(200).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  if (!allows(actor, "audit.view")) return { notAllowed: `The audit log is for shop admins; you are signed in as ${actor.role}.`, items: [], nextCursor: null };
  const q = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = await readAuditLog(
    services.db.prisma,
    shop.id,
    actor,
    { action: q.action, subjectId: q.subject, actor: q.actor || undefined, requestId: q.request, since: q.since },
    { cursor: q.cursor },
  );
  return {
    notAllowed: null,
    nextCursor: page.nextCursor,
    items: page.items.map((e) => ({
      id: e.id,
      at: e.createdAt.toISOString(),
      who: e.actor.split(":").slice(2).join(":") || e.actor,
      via: e.actor.split(":")[0] ?? "",
      action: e.action,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      summary: summarise(e.data),
      requestId: e.requestId,
    })),
  };
}

function summarise(data: unknown): string {
  if (!data || typeof data !== "object") return "";
  return Object.entries(data as Record<string, unknown>)
    .filter(([k]) => !["versionId", "restoredFromId"].includes(k))
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(" · ")
    .slice(0, 200);
}

export default function AuditLog() {
  const { items, nextCursor, notAllowed } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const [actorText, setActorText] = useState(params.get("actor") ?? "");
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    next.delete("cursor");
    setParams(next);
  };
  return (
    <Page title="Audit log" subtitle="Every change: who, when and what">
      <Layout>
        <Layout.Section>
          {notAllowed ? (
            <Banner tone="info" title="Audit log">
              <p>{notAllowed}</p>
            </Banner>
          ) : (
            <BlockStack gap="400">
              <Card>
                <InlineStack gap="300" blockAlign="end">
                  <Select label="Kind" options={FAMILIES} value={params.get("action") ?? ""} onChange={(v) => set("action", v)} />
                  <div style={{ minWidth: 240 }}>
                    <TextField
                      label="Person or key"
                      value={actorText}
                      onChange={setActorText}
                      onBlur={() => set("actor", actorText.trim())}
                      autoComplete="off"
                      placeholder="Name"
                    />
                  </div>
                  <TextField label="Since" type="date" value={params.get("since") ?? ""} onChange={(v) => set("since", v)} autoComplete="off" />
                  {params.get("subject") && <Button onClick={() => set("subject", "")}>Show all subjects</Button>}
                  {params.get("request") && <Button onClick={() => set("request", "")}>Show all requests</Button>}
                </InlineStack>
              </Card>
              <Card padding="0">
                <IndexTable
                  resourceName={{ singular: "event", plural: "events" }}
                  itemCount={items.length}
                  selectable={false}
                  headings={[{ title: "When" }, { title: "Who" }, { title: "What" }, { title: "Subject" }, { title: "Details" }, { title: "Request" }]}
                >
                  {items.map((e, i) => (
                    <IndexTable.Row id={e.id} key={e.id} position={i}>
                      <IndexTable.Cell>{new Date(e.at).toLocaleString()}</IndexTable.Cell>
                      <IndexTable.Cell>
                        {e.who}
                        {e.via === "api_key" ? " (API key)" : ""}
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" fontWeight="medium">{e.action}</Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        {e.subjectType === "asset" && e.subjectId ? <Link to={`/app/assets/${e.subjectId}`}>asset</Link> : e.subjectType}
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" tone="subdued" variant="bodySm">{e.summary}</Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        {e.requestId ? (
                          <Link to={`?request=${encodeURIComponent(e.requestId)}`} title="Every change this request made">
                            <Text as="span" variant="bodySm" tone="subdued">{e.requestId.slice(0, 12)}</Text>
                          </Link>
                        ) : null}
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              </Card>
              {nextCursor && (
                <InlineStack align="center">
                  <Button onClick={() => set("cursor", nextCursor)}>Older events</Button>
                </InlineStack>
              )}
            </BlockStack>
          )}
        </Layout.Section>
      </Layout>
    </Page>
  );
}
