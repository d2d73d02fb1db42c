// Duplicates (issue #7): groups of near-duplicate images in the library (resized or recompressed copies,
// the same bytes uploaded twice), largest first, each with the asset we suggest keeping. "Not duplicates"
// keeps a group apart for good; "Merge…" previews exactly what a merge does (versions and their new
// numbers, placements, listings that will publish, slot and rights conflicts) before anything changes.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Button, EmptyState, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { capabilities } from "~/.server/governance/policy";
import { errorBody } from "~/.server/http/api-response";
import { dismissDuplicates, listDuplicateGroups } from "~/.server/library/duplicates/duplicates.service";
import { MAX_MERGE, mergeAssets, previewMerge } from "~/.server/library/duplicates/merge.service";
import { presentGroups, presentMerge, type MergeDto } from "~/.server/library/duplicates/present";
import { requireShop } from "~/.server/shops/require-shop";
import { DuplicateGroupCard, type GroupView } from "~/components/duplicates/DuplicateGroupCard";
import { MergeModal } from "~/components/duplicates/MergeModal";
import { useNotify } from "~/components/shell/notify";

export const meta: MetaFunction = () => [{ title: "Duplicates · Assetline" }];

const Query = z.object({ cursor: z.string().max(200).optional() });

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  const q = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const r = await listDuplicateGroups({ prisma: services.db.prisma }, shop.id, actor, { cursor: q.success ? q.data.cursor : null, limit: 20 });
  return { ...presentGroups(shop.mediaKey, r), canEdit: capabilities(actor).edit, first: !(q.success && q.data.cursor) };
}

const Ids = z.array(z.string().uuid("asset ids are UUIDs"));
const Form = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("dismiss"), assetIds: Ids.min(2, "A group has at least two assets.").max(50) }),
  z.object({ intent: z.enum(["preview", "merge"]), survivorId: z.string().uuid(), assetIds: Ids.min(1, "Pick at least one asset to merge.").max(MAX_MERGE) }),
]);

export type DuplicatesAnswer =
  | { ok: true; intent: "dismiss"; message: string }
  | { ok: true; intent: "preview" | "merge"; merge: MergeDto; message: string }
  | { ok: false; error: string };

export async function action({ request }: ActionFunctionArgs): Promise<DuplicatesAnswer> {
  const { shop, actor, services } = await requireShop(request);
  const form = await request.formData();
  try {
    const f = Form.parse({ intent: form.get("intent"), survivorId: form.get("survivorId") ?? undefined, assetIds: form.getAll("assetId") });
    if (f.intent === "dismiss") {
      await dismissDuplicates({ prisma: services.db.prisma }, shop.id, actor, f.assetIds);
      return { ok: true, intent: "dismiss", message: "Marked as not duplicates" };
    }
    const input = { survivorId: f.survivorId, assetIds: f.assetIds };
    const r = f.intent === "preview"
      ? await previewMerge({ prisma: services.db.prisma }, shop.id, actor, input)
      : await mergeAssets({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, input);
    const merge = presentMerge(r);
    return { ok: true, intent: f.intent, merge, message: f.intent === "merge" ? `Merged into “${merge.survivor.title}”` : "" };
  } catch (err) {
    if (err instanceof Response) throw err;
    return { ok: false, error: errorBody(err).body.message.replace(/^\w+: /, "") };
  }
}

export default function Duplicates() {
  const data = useLoaderData<typeof loader>();
  const [, setParams] = useSearchParams();
  const notify = useNotify();
  const dismiss = useFetcher<typeof action>();
  const [merging, setMerging] = useState<GroupView | null>(null);

  useEffect(() => {
    if (dismiss.state !== "idle" || !dismiss.data) return;
    if (dismiss.data.ok) notify(dismiss.data.message);
    else notify(dismiss.data.error, { error: true });
  }, [dismiss.state, dismiss.data, notify]);

  const notDuplicates = (g: GroupView) => {
    const form = new FormData();
    form.set("intent", "dismiss");
    for (const a of g.assets) form.append("assetId", a.id);
    dismiss.submit(form, { method: "post" });
  };

  return (
    <Page
      title="Duplicates"
      subtitle={data.totalGroups ? `${data.totalGroups} group${data.totalGroups === 1 ? "" : "s"} of near-duplicate images` : undefined}
      backAction={data.first ? undefined : { content: "First page", onAction: () => setParams({}) }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {data.truncated && <Banner tone="warning">The library has more candidate pairs than one pass reads; merge or dismiss these and reload to see the rest.</Banner>}
            {!data.groups.length && (
              <EmptyState heading="No duplicates found" image="">
                <p>Resized or recompressed copies of one image, and the same file uploaded twice, show up here.</p>
              </EmptyState>
            )}
            {data.groups.map((g) => (
              <DuplicateGroupCard key={g.key} group={g} canEdit={data.canEdit} busy={dismiss.state !== "idle"} onDismiss={() => notDuplicates(g)} onMerge={() => setMerging(g)} />
            ))}
            {data.nextCursor && (
              <InlineStack align="center">
                <Button onClick={() => setParams({ cursor: data.nextCursor! })}>Next groups</Button>
              </InlineStack>
            )}
            <Text as="p" tone="subdued" variant="bodySm">
              Near duplicates: pHash within 8 of 64 bits and colours alike (so a product in another colour is not one), or the same bytes.
            </Text>
          </BlockStack>
        </Layout.Section>
      </Layout>
      {merging && <MergeModal group={merging} onClose={() => setMerging(null)} onMerged={(m) => { notify(m); setMerging(null); }} />}
    </Page>
  );
}
