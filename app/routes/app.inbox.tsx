// Inbox: my notifications (reviews waiting for me, my versions decided, licences ending), the versions
// whose current review step I may decide in my markets, and licences needing attention.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, EmptyState, InlineStack, Modal, Page, Text, TextField, Thumbnail } from "@shopify/polaris";
import { markRead, myNotifications } from "~/.server/governance/notifications.service";
import { useEffect, useState } from "react";
import { z } from "zod";
import { inboxFor } from "~/.server/governance/approvals.service";
import { rightsNeedingAttention } from "~/.server/governance/rights.service";
import { RightsBadge } from "~/components/asset/RightsCard";
import { errorBody } from "~/.server/http/api-response";
import { changeVersionState } from "~/.server/library/assets.service";
import { mediaUrl } from "~/.server/library/present";
import { requireShop } from "~/.server/shops/require-shop";
import { useNotify } from "~/components/shell/notify";

export const meta: MetaFunction = () => [{ title: "Inbox · Assetline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  const items = await inboxFor(services.db.prisma, shop.id, actor);
  const licences = await rightsNeedingAttention(services.db.prisma, shop.id, actor);
  const notifications = await myNotifications(services.db.prisma, shop.id, actor, 30);
  return {
    notifications,
    licences: licences.map((r) => ({
      assetId: r.asset.id,
      title: r.asset.title,
      status: r.status,
      licenceEnd: r.licenceEnd?.toISOString() ?? null,
      licensor: r.licensor,
    })),
    items: items.map(({ version: v, chain, step, stepIndex }) => ({
      versionId: v.id,
      number: v.number,
      assetId: v.asset.id,
      title: v.asset.title,
      author: v.author,
      createdAt: v.createdAt.toISOString(),
      thumbnailUrl: v.renditions[0] ? mediaUrl(shop.mediaKey, v.renditions[0]) : null,
      chain: chain.name,
      step: step.name,
      stepOf: `${stepIndex + 1} of ${chain.steps.length}`,
    })),
  };
}

const Body = z.object({ intent: z.enum(["approve", "reject"]), versionId: z.string().uuid(), comment: z.string().max(2000).optional() });
const ReadBody = z.object({ intent: z.literal("read"), id: z.string().uuid().optional() });

export async function action({ request }: ActionFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  try {
    const form = Object.fromEntries(await request.formData());
    if (form.intent === "read") {
      const r = ReadBody.parse(form);
      const n = await markRead(services.db.prisma, shop.id, actor, r.id ? [r.id] : null);
      return { ok: true as const, message: r.id ? "" : `${n} ${n === 1 ? "notification" : "notifications"} marked as read` };
    }
    const b = Body.parse(form);
    const r = await changeVersionState({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, b.versionId, b.intent, b.comment);
    const what = r.state === "approved" ? "approved — it is live" : r.state === "rejected" ? "rejected" : "approved at this step; it moves on";
    return { ok: true as const, message: `Version ${r.number} ${what}` };
  } catch (err) {
    if (err instanceof Response) throw err;
    return { ok: false as const, error: errorBody(err).body.message };
  }
}

export default function Inbox() {
  const { items, licences, notifications } = useLoaderData<typeof loader>();
  const decide = useFetcher<typeof action>();
  const reader = useFetcher<typeof action>();
  const unread = notifications.filter((n) => !n.read).length;
  const notify = useNotify();
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  useEffect(() => {
    if (decide.state === "idle" && decide.data?.ok) {
      if (decide.data.message) notify(decide.data.message);
      setRejecting(null);
      setReason("");
    }
  }, [decide.state, decide.data, notify]);
  const error = decide.state === "idle" && decide.data && !decide.data.ok ? decide.data.error : null;
  const busy = decide.state !== "idle" ? String(decide.formData?.get("versionId")) : null;

  return (
    <Page title="Inbox" subtitle="Versions waiting for your decision">
      <BlockStack gap="400">
        {error && <Banner tone="critical">{error}</Banner>}
        {notifications.length > 0 && (
          <Card>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="center">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="h2" variant="headingSm">Notifications</Text>
                  {unread > 0 && <Badge tone="attention">{`${unread} new`}</Badge>}
                </InlineStack>
                {unread > 0 && (
                  <Button variant="plain" loading={reader.state !== "idle"} onClick={() => reader.submit({ intent: "read" }, { method: "post" })}>
                    Mark all as read
                  </Button>
                )}
              </InlineStack>
              {notifications.map((n) => (
                <div key={n.id} data-testid="notification" data-read={n.read ? "true" : "false"}>
                  <InlineStack gap="300" blockAlign="start" wrap={false}>
                    <div style={{ width: 8, height: 8, marginTop: 6, borderRadius: 4, flexShrink: 0, background: n.read ? "transparent" : "var(--p-color-bg-fill-info)" }} />
                    <BlockStack gap="050">
                      {n.link ? (
                        <Link to={n.link} onClick={() => !n.read && reader.submit({ intent: "read", id: n.id }, { method: "post" })}>
                          <Text as="span" fontWeight={n.read ? "regular" : "semibold"}>{n.title}</Text>
                        </Link>
                      ) : (
                        <Text as="span" fontWeight={n.read ? "regular" : "semibold"}>{n.title}</Text>
                      )}
                      <Text as="span" tone="subdued" variant="bodySm">{`${n.body} · ${new Date(n.createdAt).toLocaleString()}`}</Text>
                    </BlockStack>
                  </InlineStack>
                </div>
              ))}
            </BlockStack>
          </Card>
        )}
        {licences.length > 0 && (
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingSm">Licences needing attention</Text>
              {licences.map((l) => (
                <InlineStack key={l.assetId} gap="200" blockAlign="center">
                  <RightsBadge status={l.status} />
                  <Link to={`/app/assets/${l.assetId}`}>{l.title}</Link>
                  <Text as="span" tone="subdued">
                    {l.licenceEnd ? `${l.status === "expired" ? "ended" : "ends"} ${new Date(l.licenceEnd).toLocaleDateString()}` : ""}
                    {l.licensor ? ` · ${l.licensor}` : ""}
                  </Text>
                </InlineStack>
              ))}
            </BlockStack>
          </Card>
        )}
        {items.length === 0 ? (
          <Card>
            <EmptyState heading="Nothing waits for you" image="">
              <p>Versions submitted for review appear here when their current step is yours to decide.</p>
            </EmptyState>
          </Card>
        ) : (
          items.map((i) => (
            <div key={i.versionId} data-testid="inbox-item">
            <Card>
              <InlineStack gap="400" blockAlign="center" wrap={false}>
                <Thumbnail source={i.thumbnailUrl ?? ""} alt={i.title} size="large" />
                <BlockStack gap="100">
                  <Link to={`/app/assets/${i.assetId}`}>
                    <Text as="span" variant="headingSm">{`${i.title} — version ${i.number}`}</Text>
                  </Link>
                  <Text as="span" tone="subdued">{`${i.chain} · step ${i.stepOf}: ${i.step}`}</Text>
                  <Text as="span" tone="subdued" variant="bodySm">{`Uploaded by ${i.author ?? "someone"} · ${new Date(i.createdAt).toLocaleString()}`}</Text>
                </BlockStack>
                <div style={{ marginLeft: "auto" }}>
                  <InlineStack gap="200">
                    <Button onClick={() => setRejecting(i.versionId)} disabled={!!busy}>Reject…</Button>
                    <Button
                      variant="primary"
                      loading={busy === i.versionId && decide.formData?.get("intent") === "approve"}
                      onClick={() => decide.submit({ intent: "approve", versionId: i.versionId }, { method: "post" })}
                    >
                      Approve
                    </Button>
                  </InlineStack>
                </div>
              </InlineStack>
            </Card>
            </div>
          ))
        )}
      </BlockStack>
      {rejecting && (
        <Modal
          open
          title="Reject this version"
          onClose={() => setRejecting(null)}
          primaryAction={{
            content: "Reject",
            destructive: true,
            disabled: !reason.trim(),
            loading: decide.state !== "idle",
            onAction: () => decide.submit({ intent: "reject", versionId: rejecting, comment: reason }, { method: "post" }),
          }}
          secondaryActions={[{ content: "Cancel", onAction: () => setRejecting(null) }]}
        >
          <Modal.Section>
            <TextField label="Reason" value={reason} onChange={setReason} multiline={3} autoComplete="off" helpText="The author sees this and fixes the next version." />
          </Modal.Section>
        </Modal>
      )}
    </Page>
  );
}
