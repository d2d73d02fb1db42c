// Compliance: for every preset the shop builds for each new version, how the current images (live, else
// latest) fare — pass / warn / fail / not checked yet — and the failing ones with what blocks them, with
// "Fix selected" to store a safe Fix for many at once. The counts come from stored checks only, so the
// page never builds anything itself.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Card, InlineStack, Layout, List, Page, Tabs, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { capabilities } from "~/.server/governance/policy";
import { errorBody } from "~/.server/http/api-response";
import { bulkFix, complianceOverview, COMPLIANCE_SCAN_LIMIT } from "~/.server/renditions/compliance.service";
import { renditionDeps } from "~/.server/renditions/renditions.service";
import { requireShop } from "~/.server/shops/require-shop";
import { ComplianceTable } from "~/components/compliance/ComplianceTable";
import { useBoundedRevalidate } from "~/components/compliance/useBoundedRevalidate";
import type { ComplianceSummaryView } from "~/components/compliance/types";
import { useNotify } from "~/components/shell/notify";

export const meta: MetaFunction = () => [{ title: "Compliance · Assetline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  const overview = await complianceOverview(renditionDeps(services), shop.id, shop.mediaKey, actor);
  return { ...overview, limit: COMPLIANCE_SCAN_LIMIT, canFix: capabilities(actor).edit };
}

const FixForm = z.object({
  intent: z.literal("fix"),
  presetId: z.string().regex(/^[a-z0-9.-]{1,48}$/, "That is not a preset."),
  assetIds: z.array(z.string().uuid()).min(1, "Select at least one image.").max(COMPLIANCE_SCAN_LIMIT),
});

export type BulkFixAnswer =
  | { ok: true; fixed: string[]; skipped: Array<{ assetId: string; reason: string }> }
  | { ok: false; error: string };

export async function action({ request }: ActionFunctionArgs): Promise<BulkFixAnswer> {
  const { shop, actor, services } = await requireShop(request);
  const form = await request.formData();
  try {
    const f = FixForm.parse({ intent: form.get("intent"), presetId: form.get("presetId"), assetIds: form.getAll("assetId") });
    const r = await bulkFix(renditionDeps(services), shop.id, actor, f.presetId, f.assetIds);
    return { ok: true, ...r };
  } catch (err) {
    if (err instanceof Response) throw err;
    return { ok: false, error: errorBody(err).body.message.replace(/^\w+: /, "") };
  }
}

export default function Compliance() {
  const { summaries, truncated, scanned, limit, canFix } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const notify = useNotify();
  const f = useFetcher<typeof action>();
  const [answeredAt, setAnsweredAt] = useState(0);
  // Titles of what was sent, so the skipped list still names assets that left the table meanwhile.
  const [sentTitles, setSentTitles] = useState<Record<string, string>>({});
  const index = Math.max(0, summaries.findIndex((s) => s.preset.id === params.get("preset")));
  const current: ComplianceSummaryView | undefined = summaries[index];

  useEffect(() => {
    if (f.state !== "idle" || !f.data) return;
    setAnsweredAt(Date.now());
    if (f.data.ok) notify(f.data.fixed.length ? `Fix stored for ${plural(f.data.fixed.length, "image")}; rebuilding them now` : "Nothing was fixed");
  }, [f.state, f.data, notify]);
  // Images not checked yet (a preset just turned on, a bulk Fix rebuilding) are built by the job queue:
  // follow them for two minutes, then stop (a version that cannot be processed would stay pending).
  useBoundedRevalidate((current?.counts.pending ?? 0) > 0, { ms: 4000, maxMs: 120_000, restart: answeredAt });

  const fix = (assetIds: string[]) => {
    if (!current) return;
    setSentTitles(Object.fromEntries(current.failing.filter((r) => assetIds.includes(r.assetId)).map((r) => [r.assetId, r.title])));
    const form = new FormData();
    form.set("intent", "fix");
    form.set("presetId", current.preset.id);
    for (const id of assetIds) form.append("assetId", id);
    f.submit(form, { method: "post" });
  };
  const answer = f.state === "idle" ? f.data : undefined;

  if (!summaries.length)
    return (
      <Page title="Compliance">
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingSm">
              No channel is checked yet
            </Text>
            <Text as="p" tone="subdued">
              Compliance covers the channel presets built for every new version. Turn one on in <Link to="/app/settings">Settings → Channel presets</Link>.
            </Text>
          </BlockStack>
        </Card>
      </Page>
    );

  return (
    <Page title="Compliance" subtitle="How your current images fare on each channel you build for">
      <Layout>
        {truncated && (
          <Layout.Section>
            <Banner tone="info" title={`Only the newest ${limit.toLocaleString("en")} images were checked`}>
              <p>{`The counts below cover ${scanned.toLocaleString("en")} images; older ones are not included.`}</p>
            </Banner>
          </Layout.Section>
        )}
        {answer && !answer.ok && (
          <Layout.Section>
            <Banner tone="critical">
              <p>{answer.error}</p>
            </Banner>
          </Layout.Section>
        )}
        {answer?.ok && (
          <Layout.Section>
            <Banner tone={answer.skipped.length ? "warning" : "success"} title={`${plural(answer.fixed.length, "image")} fixed${answer.skipped.length ? `, ${answer.skipped.length} skipped` : ""}`}>
              {answer.fixed.length > 0 && <p>Their channel images are being rebuilt with the Fix and counted again once built.</p>}
              {answer.skipped.length > 0 && (
                <List type="bullet">
                  {answer.skipped.map((s) => (
                    <List.Item key={s.assetId}>{`${sentTitles[s.assetId] ?? s.assetId}: ${s.reason}`}</List.Item>
                  ))}
                </List>
              )}
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card padding="0">
            <Tabs
              tabs={summaries.map((s) => ({ id: s.preset.id, content: s.preset.label, badge: s.counts.fail ? String(s.counts.fail) : undefined }))}
              selected={index}
              onSelect={(i) => {
                const next = new URLSearchParams(params);
                next.set("preset", summaries[i]!.preset.id);
                setParams(next, { replace: true, preventScrollReset: true });
              }}
            />
            {current && (
              <>
                <Box padding="400" borderBlockStartWidth="025" borderColor="border-secondary">
                  <InlineStack gap="200" blockAlign="center" wrap>
                    <span data-testid="count-fail">
                      <Badge tone={current.counts.fail ? "critical" : undefined}>{`${current.counts.fail} fail`}</Badge>
                    </span>
                    <span data-testid="count-warn">
                      <Badge tone={current.counts.warn ? "warning" : undefined}>{`${current.counts.warn} warn`}</Badge>
                    </span>
                    <span data-testid="count-pass">
                      <Badge tone="success">{`${current.counts.pass} pass`}</Badge>
                    </span>
                    {current.counts.pending > 0 && (
                      <span data-testid="count-pending">
                        <Badge tone="info">{`${current.counts.pending} not checked yet`}</Badge>
                      </span>
                    )}
                  </InlineStack>
                </Box>
                {current.failing.length ? (
                  <ComplianceTable key={current.preset.id} rows={current.failing} canFix={canFix} fixing={f.state !== "idle"} onFix={fix} resetKey={answeredAt} />
                ) : (
                  <Box padding="400" borderBlockStartWidth="025" borderColor="border-secondary">
                    <BlockStack gap="100">
                      <div data-testid="all-pass">
                        <Text as="p" fontWeight="semibold">
                          {current.counts.pending ? `Every checked image passes ${current.preset.label}` : `Every image passes ${current.preset.label}`}
                        </Text>
                      </div>
                      {current.counts.pending > 0 && <PendingNote count={current.counts.pending} />}
                    </BlockStack>
                  </Box>
                )}
                {current.failing.length > 0 && current.counts.pending > 0 && (
                  <Box padding="400" borderBlockStartWidth="025" borderColor="border-secondary">
                    <PendingNote count={current.counts.pending} />
                  </Box>
                )}
              </>
            )}
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function PendingNote({ count }: { count: number }) {
  return (
    <Text as="p" variant="bodySm" tone="subdued">
      {`${plural(count, "image")} ${count === 1 ? "is" : "are"} not checked yet: ${count === 1 ? "its" : "their"} channel image for this preset is still being built.`}
    </Text>
  );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
