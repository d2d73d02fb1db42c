// The shop's activity feed: each notice with its kind, when, where it links, and whether it went out to
// the shop's webhook and email (and why not, when it failed).
import { Link } from "@remix-run/react";
import { Badge, BlockStack, Card, IndexTable, InlineStack, Text, type BadgeProps } from "@shopify/polaris";
import { formatDateTime } from "../library/format";

export interface ActivityItem {
  id: string;
  kind: string;
  kindLabel: string;
  title: string;
  body: string;
  link: string | null;
  subjectType: string;
  delivery: string | null;
  deliveryError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

const KIND_TONE: Record<string, BadgeProps["tone"]> = {
  "version.live": "success",
  "sync.failed": "critical",
  "placement.blocked": "critical",
  "placement.drifted": "warning",
  "placement.withdrawn": "attention",
  "rights.expiring": "attention",
  "rights.expired": "critical",
};

const DESTINATION: Record<string, string> = { webhook: "Webhook", email: "Email" };

/** "webhook: answered 500" lines (one per destination that failed) → [["Webhook", "answered 500"]]. */
function failures(error: string | null): Array<[string, string]> {
  return (error ?? "")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const at = line.indexOf(": ");
      const to = at > 0 ? DESTINATION[line.slice(0, at)] : undefined;
      return to ? [to, line.slice(at + 2)] : ["", line];
    });
}

function DeliveryBadge({ a }: { a: ActivityItem }) {
  switch (a.delivery) {
    case "sent":
      return <Badge tone="success">{a.deliveredAt ? `Sent ${formatDateTime(a.deliveredAt)}` : "Sent"}</Badge>;
    case "pending":
      return <Badge tone="attention">{a.deliveryError ? "Retrying" : "Sending"}</Badge>;
    case "failed": {
      const where = failures(a.deliveryError).map(([to]) => to).filter(Boolean);
      return <Badge tone="critical">{where.length ? `${where.join(" and ")} failed` : "Failed"}</Badge>;
    }
    default:
      return <Text as="span" variant="bodySm" tone="subdued">In the app only</Text>;
  }
}

// IndexTable cells do not wrap; a notice's title and body should.
const WRAP = { whiteSpace: "normal", minWidth: 280, maxWidth: 560 } as const;

const ActivityLink = ({ href }: { href: string }) => (/^https?:/.test(href) ? <a href={href} target="_blank" rel="noreferrer">Open</a> : <Link to={href}>Open</Link>);

export function ActivityFeed({ items }: { items: ActivityItem[] }) {
  if (!items.length)
    return (
      <Card>
        <Text as="p" tone="subdued">
          Nothing yet. Sync outcomes (a version live on every listing, a failed or blocked sync, a listing changed outside Assetline) and
          licence notices appear here.
        </Text>
      </Card>
    );
  return (
    <Card padding="0">
      <IndexTable
        resourceName={{ singular: "notice", plural: "notices" }}
        itemCount={items.length}
        selectable={false}
        headings={[{ title: "When" }, { title: "Kind" }, { title: "What" }, { title: "Sent out" }]}
      >
        {items.map((a, i) => (
          <IndexTable.Row id={a.id} key={a.id} position={i}>
            <IndexTable.Cell>
              <Text as="span" variant="bodySm">{formatDateTime(a.createdAt)}</Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <InlineStack gap="100">
                <Badge tone={KIND_TONE[a.kind]}>{a.kindLabel}</Badge>
                {a.subjectType === "test" && <Badge>Test</Badge>}
              </InlineStack>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <div style={WRAP}>
                <BlockStack gap="050">
                  <Text as="span" fontWeight="semibold" breakWord>
                    {a.title}
                  </Text>
                  {a.body && (
                    <Text as="span" variant="bodySm" tone="subdued" breakWord>
                      {a.body}
                    </Text>
                  )}
                  {a.link && a.link !== "/app/activity" && <ActivityLink href={a.link} />}
                </BlockStack>
              </div>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <BlockStack gap="050">
                <span>
                  <DeliveryBadge a={a} />
                </span>
                {a.delivery !== "sent" &&
                  failures(a.deliveryError).map(([to, why], n) => (
                    <div style={{ ...WRAP, minWidth: 180, maxWidth: 280 }} key={n}>
                      <Text as="span" variant="bodySm" tone={a.delivery === "failed" ? "critical" : "subdued"} breakWord>
                        {to ? `${to}: ${why}` : why}
                      </Text>
                    </div>
                  ))}
              </BlockStack>
            </IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
    </Card>
  );
}
