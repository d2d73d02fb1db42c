// One listing as the sync engine sees it: the gallery as the channel showed it when last read, next to
// what each placement wants there (slot by slot), the listing's sync state, and "Sync now".
// (The file name: `app.sync_` keeps this page out of the Sync page's layout; the URL is /app/sync/listings/:id.)
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, useFetcher, useLoaderData, useRouteError } from "@remix-run/react";
import { Badge, Banner, BlockStack, InlineStack, Page, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { AppError } from "~/.server/errors";
import { capabilities } from "~/.server/governance/policy";
import { errorBody } from "~/.server/http/api-response";
import { requireShop } from "~/.server/shops/require-shop";
import { slotLabel, syncNow } from "~/.server/sync/placements.service";
import { listingSyncView } from "~/.server/sync/sync-status.service";
import { useBoundedRevalidate } from "~/components/compliance/useBoundedRevalidate";
import { formatWhen } from "~/components/library/format";
import { useNotify } from "~/components/shell/notify";
import { channelLabel, isInFlight } from "~/components/sync/labels";
import { ListingSlots } from "~/components/sync/ListingSlots";

const Params = z.object({ listingId: z.string().uuid() });

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.listing.title} · Sync · Assetline` : "Listing · Sync · Assetline" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response("That listing was not found.", { status: 404 });
  try {
    const view = await listingSyncView(services.db.prisma, shop.id, actor, parsed.data.listingId);
    return {
      listing: view.listing,
      current: view.current.map((c) => ({
        slot: c.slot,
        slotLabel: slotLabel(view.listing.channel, c.slot),
        url: c.url ?? null,
        sourceKey: c.sourceKey,
        state: c.state,
        issues: c.issues.map((i) => i.message),
      })),
      placements: view.placements,
      canEdit: capabilities(actor).edit,
    };
  } catch (err) {
    if (err instanceof AppError && err.kind === "not_found") throw new Response(err.message, { status: 404 });
    throw err;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  try {
    const { listingId } = Params.parse(params);
    z.object({ intent: z.literal("sync") }).parse(Object.fromEntries(await request.formData()));
    const r = await syncNow({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, { listingId });
    return { ok: true as const, message: r.listings ? "Syncing the listing now" : "Nothing is placed on this listing" };
  } catch (err) {
    if (err instanceof Response) throw err;
    return { ok: false as const, error: errorBody(err).body.message };
  }
}

const SYNC_STATE: Record<string, { label: string; tone?: "success" | "info" | "attention" | "critical" }> = {
  idle: { label: "In sync", tone: "success" },
  queued: { label: "Queued", tone: "info" },
  syncing: { label: "Syncing", tone: "info" },
  waiting: { label: "Channel processing", tone: "attention" },
  failed: { label: "Failed", tone: "critical" },
};

export default function ListingSync() {
  const { listing, current, placements, canEdit } = useLoaderData<typeof loader>();
  const f = useFetcher<typeof action>();
  const notify = useNotify();
  const [answeredAt, setAnsweredAt] = useState(0);
  useEffect(() => {
    if (f.state !== "idle" || !f.data) return;
    setAnsweredAt(Date.now());
    if (f.data.ok) notify(f.data.message);
  }, [f.state, f.data, notify]);
  const busy = ["queued", "syncing", "waiting"].includes(listing.syncState) || placements.some((p) => isInFlight(p.state));
  const slow = useBoundedRevalidate(busy, { ms: 2000, maxMs: 3 * 60_000, restart: answeredAt });
  const state = SYNC_STATE[listing.syncState] ?? { label: listing.syncState };
  const channel = channelLabel(listing.channel);
  const error = f.state === "idle" && f.data && !f.data.ok ? f.data.error : null;

  return (
    <Page
      backAction={{ content: "Sync", url: "/app/sync" }}
      title={listing.title}
      titleMetadata={
        <span data-testid="listing-sync-state" data-state={listing.syncState}>
          <Badge tone={state.tone} progress={busy ? "partiallyComplete" : undefined}>
            {state.label}
          </Badge>
        </span>
      }
      subtitle={[channel, listing.accountName, listing.marketplaceId, listing.externalId].filter(Boolean).join(" · ")}
      primaryAction={canEdit ? { content: "Sync now", onAction: () => f.submit({ intent: "sync" }, { method: "post" }), loading: f.state !== "idle", disabled: listing.deleted } : undefined}
    >
      <BlockStack gap="400">
        {error && (
          <Banner tone="critical">
            <p>{error}</p>
          </Banner>
        )}
        {listing.deleted && (
          <Banner tone="warning" title="This listing no longer exists on the channel">
            <p>Its placements are kept for the record; nothing is published to it.</p>
          </Banner>
        )}
        {listing.syncError && (
          <Banner tone="critical" title={`${channel} refused the last sync`}>
            <p>{listing.syncError}</p>
          </Banner>
        )}
        <InlineStack gap="400" wrap>
          <Text as="span" tone="subdued">{`Last read from ${channel}: ${formatWhen(listing.galleryReadAt)}`}</Text>
          <Text as="span" tone="subdued">{`Last synced: ${formatWhen(listing.syncedAt)}`}</Text>
          {slow && <Text as="span" tone="subdued">Stopped refreshing; reload to see the latest state.</Text>}
        </InlineStack>
        <ListingSlots channelName={channel} current={current} placements={placements} />
        {!listing.galleryReadAt && (
          <Text as="p" variant="bodySm" tone="subdued">
            {`Until Assetline reads the listing back, “On ${channel} now” shows the images of the catalogue import.`}
          </Text>
        )}
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <Page backAction={{ content: "Sync", url: "/app/sync" }} title={notFound ? "Listing not found" : "Something went wrong"}>
      <Banner tone={notFound ? "warning" : "critical"}>
        <Text as="p">{notFound ? "This listing is not in this shop's catalogue." : "The listing could not be shown. Try again; if it persists, check the server log."}</Text>
      </Banner>
    </Page>
  );
}
