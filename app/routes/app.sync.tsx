// Sync: every change on its way to the channels (batches, with progress and counts by state), refreshed
// every 2 s while one runs; the placements that need the merchant (failed, blocked, drifted) with the
// channel's own message and Retry / Restore / Adopt / Keep as new version; and placement totals by state.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Card, Layout, Page, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { capabilities } from "~/.server/governance/policy";
import { errorBody } from "~/.server/http/api-response";
import { requireShop } from "~/.server/shops/require-shop";
import { ingestDepsOf } from "~/.server/library/ingest.service";
import { adoptAsVersion, keptNotice } from "~/.server/sync/adopt.service";
import { resolveDrift, syncNow } from "~/.server/sync/placements.service";
import { syncStatus } from "~/.server/sync/sync-status.service";
import { useBoundedRevalidate } from "~/components/compliance/useBoundedRevalidate";
import { useNotify } from "~/components/shell/notify";
import { BatchList } from "~/components/sync/BatchList";
import { ProblemList } from "~/components/sync/ProblemList";
import type { ProblemAction } from "~/components/sync/ProblemRow";
import { StateCounts } from "~/components/sync/StateCounts";

export const meta: MetaFunction = () => [{ title: "Sync · Assetline" }];

const Query = z.object({ batch: z.string().uuid().optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  const q = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const status = await syncStatus(services.db.prisma, shop.id, actor);
  return { ...status, highlight: q.batch ?? null, canEdit: capabilities(actor).edit };
}

const Form = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("retry"), listingId: z.string().uuid(), assetId: z.string().uuid() }),
  z.object({ intent: z.literal("retry.all") }),
  z.object({ intent: z.literal("restore"), placementId: z.string().uuid() }),
  z.object({ intent: z.literal("adopt"), placementId: z.string().uuid() }),
  z.object({ intent: z.literal("keep"), placementId: z.string().uuid() }),
]);

export type SyncAnswer = { ok: true; message: string } | { ok: false; error: string };

export async function action({ request }: ActionFunctionArgs): Promise<SyncAnswer> {
  const { shop, actor, services } = await requireShop(request);
  const deps = { prisma: services.db.prisma, queue: services.queue };
  try {
    const f = Form.parse(Object.fromEntries(await request.formData()));
    if (f.intent === "restore" || f.intent === "adopt") {
      await resolveDrift(deps, shop.id, actor, f.placementId, f.intent);
      return { ok: true, message: f.intent === "restore" ? "Restoring our image on the listing" : "The channel's image is kept; Assetline no longer manages that slot" };
    }
    if (f.intent === "keep") return { ok: true, message: keptNotice(await adoptAsVersion(ingestDepsOf(services), shop.id, actor, f.placementId)) };
    const r = await syncNow(deps, shop.id, actor, f.intent === "retry" ? { listingId: f.listingId, assetId: f.assetId, failedOnly: true } : { failedOnly: true });
    return { ok: true, message: r.listings ? `Retrying on ${r.listings} ${r.listings === 1 ? "listing" : "listings"}` : "Nothing left to retry" };
  } catch (err) {
    if (err instanceof Response) throw err;
    return { ok: false, error: errorBody(err).body.message };
  }
}

export default function Sync() {
  const { batches, states, problems, highlight, canEdit } = useLoaderData<typeof loader>();
  const f = useFetcher<typeof action>();
  const notify = useNotify();
  const [answeredAt, setAnsweredAt] = useState(0);
  useEffect(() => {
    if (f.state !== "idle" || !f.data) return;
    setAnsweredAt(Date.now());
    if (f.data.ok) notify(f.data.message);
  }, [f.state, f.data, notify]);
  const running = batches.some((b) => b.finishedAt === null);
  const slow = useBoundedRevalidate(running, { ms: 2000, maxMs: 5 * 60_000, restart: `${answeredAt}:${highlight}` });
  const sent = f.state !== "idle" ? f.formData : undefined;
  const busy = sent ? { placementId: String(sent.get("placementId") ?? "") || null, action: String(sent.get("intent")) as ProblemAction | "retry.all" } : null;
  const error = f.state === "idle" && f.data && !f.data.ok ? f.data.error : null;
  const found = highlight ? batches.find((b) => b.id === highlight) : undefined;

  return (
    <Page title="Sync" subtitle="Your assets on their way to every listing they are placed on">
      <Layout>
        {error && (
          <Layout.Section>
            <Banner tone="critical">
              <p>{error}</p>
            </Banner>
          </Layout.Section>
        )}
        {found && (
          <Layout.Section>
            <Banner tone={found.finishedAt ? ((found.counts.live ?? 0) === found.total ? "success" : "warning") : "info"} title={found.title}>
              <p>
                {found.finishedAt
                  ? (found.counts.live ?? 0) === found.total
                    ? "Live on every listing."
                    : "Finished; some placements need attention below."
                  : "On its way to the channels. This page follows it."}
              </p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <BlockStack gap="400">
            <BatchList batches={batches} highlightId={highlight} slow={slow} />
            <ProblemList
              problems={problems}
              canEdit={canEdit}
              busy={busy}
              onRetryAll={() => f.submit({ intent: "retry.all" }, { method: "post" })}
              onAction={(p, a) =>
                f.submit(a === "retry" ? { intent: "retry", listingId: p.listingId, assetId: p.assetId, placementId: p.id } : { intent: a, placementId: p.id }, { method: "post" })
              }
            />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingSm">
                Placements by state
              </Text>
              <StateCounts counts={states} emptyText="No asset is placed on a listing yet." />
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
