// Swap a campaign image: 1. pick listings on any channel, 2. pick the image and the slot it goes in,
// 3. preview every gallery with the image in that slot, then Apply: one placement per listing, one
// batch, and the Sync page follows it to the channels. `?asset=<id>` preselects the image (the asset
// page's "Place on listings"). The flow lives in the URL (step, listings `l`, asset, slot), so Back and
// reload work; ticking listings in step 1 is local until "Next". "Select all matching" (`match=1`) takes
// every listing the search and channel match — up to 5,000, resolved again when applied — instead of ids.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigate, useNavigation, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Button, InlineStack, Page, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z, ZodError } from "zod";
import { AppError } from "~/.server/errors";
import { capabilities } from "~/.server/governance/policy";
import { errorBody } from "~/.server/http/api-response";
import { getAsset, listLibrary } from "~/.server/library/assets.service";
import { presentAsset } from "~/.server/library/present";
import { requireShop } from "~/.server/shops/require-shop";
import { listAccounts } from "~/.server/sync/accounts.service";
import { browseListings, countMatchingListings, listingsForShopifyProducts, listingsMatching, MATCH_MAX } from "~/.server/sync/catalogue.service";
import { capabilitiesOf, placeAsset, slotLabel } from "~/.server/sync/placements.service";
import { listingSyncView } from "~/.server/sync/sync-status.service";
import type { Actor } from "~/.server/library/types";
import type { Prisma } from "~/.server/db/database";
import { AssetChoice } from "~/components/sync/AssetChoice";
import { AssetPicker } from "~/components/sync/AssetPicker";
import { ListingPicker, type PickedListing } from "~/components/sync/ListingPicker";
import { SwapPreview, type ListingPreviewView } from "~/components/sync/SwapPreview";
import { SwapSteps } from "~/components/sync/SwapSteps";
import { hasProductPicker, pickShopifyProducts } from "~/components/shell/resource-picker";
import { bySlotOrder } from "~/components/sync/slots";
import type { GalleryImageView } from "~/components/sync/types";

export const meta: MetaFunction = () => [{ title: "Swap campaign image · Assetline" }];

/** Listings one swap reaches from this page (their ids travel in the URL). */
const MAX_LISTINGS = 100;
/** Listings shown in the preview; the rest change the same way. */
const PREVIEW_LIMIT = 20;
const SLOT = /^(main|pos[1-9]\d{0,2})$/;
const uuid = z.string().uuid();

const Query = z.object({
  step: z.enum(["listings", "asset", "preview"]).catch("listings"),
  asset: uuid.optional().catch(undefined),
  slot: z.string().regex(SLOT).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  channel: z.enum(["shopify", "amazon", "tiktok"]).optional().catch(undefined),
  cursor: z.string().max(200).optional().catch(undefined),
  aq: z.string().trim().max(200).optional().catch(undefined),
  /** Every listing matching q and channel rather than the picked ones. */
  match: z.literal("1").optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  const prisma = services.db.prisma;
  const deps = { prisma, queue: services.queue };
  const url = new URL(request.url);
  const q = Query.parse(Object.fromEntries(url.searchParams));
  const notices: string[] = [];
  // Products chosen in Shopify admin's own picker arrive as GIDs (p=…) and join the picked listings.
  const gids = url.searchParams.getAll("p").filter((v) => /^gid:\/\/shopify\/Product\/\d+$/.test(v)).slice(0, MAX_LISTINGS);
  const fromPicker = gids.length ? await listingsForShopifyProducts(prisma, shop.id, actor, gids) : { listingIds: [], missing: [] };
  if (fromPicker.missing.length)
    notices.push(`${fromPicker.missing.length} of the chosen products are not in Assetline's listings yet; import the store's catalogue on the Channels page, then pick them again.`);
  const filter = { q: q.q || undefined, channel: q.channel };
  const matching = q.match ? await listingsMatching(prisma, shop.id, actor, filter) : null;
  if (matching && matching.total > MATCH_MAX) notices.push(`${matching.total} listings match; a swap reaches at most ${MATCH_MAX}. Narrow the search (or the channel) before applying.`);
  const ids = matching ? matching.ids : [...new Set([...url.searchParams.getAll("l").filter((v) => uuid.safeParse(v).success), ...fromPicker.listingIds])];
  if (!matching && ids.length > MAX_LISTINGS) notices.push(`A swap reaches at most ${MAX_LISTINGS} listings; only the first ${MAX_LISTINGS} are kept.`);

  // With "select all matching", only the previewed listings are read one by one; the rest by their ids.
  const selected = await selectedListings(prisma, shop.id, actor, matching ? ids.slice(0, PREVIEW_LIMIT) : ids.slice(0, MAX_LISTINGS));
  const selectedCount = matching ? ids.length : selected.length;
  if (!matching && selected.length < Math.min(ids.length, MAX_LISTINGS)) notices.push("Some listings were not found any more and were left out.");

  const asset = q.asset ? await chosenAsset(deps, shop.id, shop.mediaKey, actor, q.asset) : null;
  if (q.asset && !asset) notices.push("That asset was not found; choose another one.");
  if (asset?.archived) notices.push("This asset is archived; unarchive it before placing it on listings.");

  const channels = matching ? matching.channels : [...new Set(selected.map((l) => l.channel))];
  const slots = slotOptions(channels);
  const slot = q.slot && slots.options.some((o) => o.value === q.slot) ? q.slot : (slots.options[0]?.value ?? "main");

  const accounts = await listAccounts(prisma, shop.id, actor);
  const page =
    q.step === "listings"
      ? await browseListings(prisma, shop.id, actor, filter, { cursor: q.cursor, limit: 25 })
      : null;
  // How many the search matches in all (offered as "Select all N matching" when more than a page).
  const matchTotal = q.step === "listings" ? (matching?.total ?? (await countMatchingListings(prisma, shop.id, actor, filter))) : null;
  const library =
    q.step === "asset" ? await listLibrary(deps, shop.id, actor, { q: q.aq || undefined, kind: "image" }, { limit: 12 }) : null;

  return {
    step: q.step,
    canEdit: capabilities(actor).edit,
    notice: notices.join(" ") || null,
    channels: [...new Set(accounts.map((a) => a.channel))],
    selected: selected.map((l) => ({ id: l.id, title: l.title, channel: l.channel })),
    selectedCount,
    /** "Select all matching" is on: every listing matching q and channel (selectedCount of them). */
    match: matching ? { q: filter.q ?? "", channel: filter.channel ?? "" } : null,
    matchTotal,
    matchMax: MATCH_MAX,
    listings: (page?.items ?? []).map((l) => ({
      id: l.id,
      title: l.title,
      externalId: l.externalId,
      channel: l.account.channel,
      marketplaceId: l.marketplaceId,
      accountName: l.account.name,
      images: ((l.images as Array<{ externalRef: string; url: string | null }> | null) ?? []).map((i) => ({ key: i.externalRef, url: i.url })),
    })),
    nextCursor: page?.nextCursor ?? null,
    asset,
    assets: (library?.items ?? []).map((a) => {
      const p = presentAsset(shop.mediaKey, a);
      return { id: p.id, title: p.title, thumbnailUrl: p.thumbnailUrl, approved: p.liveVersionId !== null };
    }),
    slot,
    slotOptions: slots.options,
    slotNote: slots.note,
    previews: q.step === "preview" && asset ? selected.slice(0, PREVIEW_LIMIT).map((l) => previewOf(l, asset, slot)) : [],
    previewMore: Math.max(0, selectedCount - PREVIEW_LIMIT),
  };
}

type SelectedListing = Awaited<ReturnType<typeof selectedListings>>[number];

/** The picked listings with the gallery Assetline last knew (read back, else the catalogue import). */
async function selectedListings(prisma: Prisma, shopId: string, actor: Actor, ids: string[]) {
  const out = [];
  for (const id of ids) {
    try {
      const v = await listingSyncView(prisma, shopId, actor, id);
      if (v.listing.deleted) continue;
      out.push({
        id: v.listing.id,
        title: v.listing.title,
        channel: v.listing.channel,
        marketplaceId: v.listing.marketplaceId,
        gallery: bySlotOrder(v.current.map((c) => ({ slot: String(c.slot), url: c.url ?? null, key: c.externalRef }))),
        placed: v.placements.map((p) => ({ slot: p.slot, assetTitle: p.assetTitle })),
      });
    } catch (err) {
      if (!(err instanceof AppError && err.kind === "not_found")) throw err;
    }
  }
  return out;
}

async function chosenAsset(deps: Parameters<typeof getAsset>[0], shopId: string, mediaKey: string, actor: Actor, assetId: string) {
  try {
    const { asset, versions } = await getAsset(deps, shopId, actor, assetId);
    if (asset.kind !== "image") return null;
    const p = presentAsset(mediaKey, asset, versions);
    const live = p.versions?.find((v) => v.id === p.liveVersionId) ?? null;
    return { id: p.id, title: p.title, thumbnailUrl: live?.thumbnailUrl ?? p.thumbnailUrl, liveVersionNumber: live?.number ?? null, archived: p.archived };
  } catch (err) {
    if (err instanceof AppError && (err.kind === "not_found" || err.kind === "forbidden")) return null;
    throw err;
  }
}

/** Slots every chosen channel has (the first nine), named as the channels name them. */
function slotOptions(channels: string[]): { options: Array<{ label: string; value: string }>; note: string | null } {
  const caps = channels.map((c) => capabilitiesOf(c));
  const first = caps[0];
  if (!first || caps.some((c) => !c)) return { options: [{ label: "Main image", value: "main" }], note: channels.length ? "Assetline does not publish to one of these channels." : null };
  const common = first.slots.filter((s) => caps.every((c) => c?.slots.includes(s))).slice(0, 9);
  const only = channels.length === 1 ? channels[0]! : null;
  const label = (s: string) => (only ? slotLabel(only, s) : `${slotLabel("shopify", s)}${channels.includes("amazon") ? ` (Amazon ${slotLabel("amazon", s)})` : ""}`);
  return { options: common.map((s) => ({ label: label(s), value: s })), note: only ? null : "Slots every chosen channel has." };
}

/** The gallery with the asset in `slot`: replaces the image there, or joins the end of a shorter gallery. */
function previewOf(l: SelectedListing, asset: { title: string; thumbnailUrl: string | null }, slot: string): ListingPreviewView {
  const index = slot === "main" ? 0 : Number(slot.slice(3)) - 1;
  const label = (i: number) => slotLabel(l.channel, i === 0 ? "main" : `pos${i + 1}`);
  const current: GalleryImageView[] = l.gallery.map((g, i) => ({ key: g.key, url: g.url, slotLabel: label(i) }));
  const next = [...current];
  const mine: GalleryImageView = { key: `new-${asset.title}`, url: asset.thumbnailUrl, slotLabel: "", isNew: true };
  const replaced = l.placed.find((p) => p.slot === slot);
  let note: string;
  if (index < next.length) {
    next[index] = mine;
    note = replaced ? `Replaces “${replaced.assetTitle}” in ${label(index)}.` : `Replaces the image in ${label(index)}.`;
  } else {
    next.push(mine);
    note = `Added after the current images, as ${label(next.length - 1)}.`;
  }
  return { id: l.id, title: l.title, channel: l.channel, marketplaceId: l.marketplaceId, note, current, next: next.map((g, i) => ({ ...g, slotLabel: label(i) })) };
}

const ApplyBase = z.object({
  intent: z.literal("apply"),
  assetId: z.string("Choose an asset.").uuid("Choose an asset."),
  slot: z.string("Choose a slot.").regex(SLOT, "Choose a slot."),
});
const ApplyPicked = ApplyBase.extend({
  listingIds: z.array(uuid).min(1, "Pick at least one listing.").max(MAX_LISTINGS, `Pick at most ${MAX_LISTINGS} listings.`),
});
// Every listing matching the search when applied (what the preview counted, give or take imports since).
const ApplyMatching = ApplyBase.extend({
  match: z.literal("1"),
  q: z.string().trim().max(200, "The search is at most 200 characters.").optional(),
  channel: z.enum(["shopify", "amazon", "tiktok"], "That is not a channel.").optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  const form = await request.formData();
  const field = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" && v !== "" ? v : undefined;
  };
  try {
    const base = { intent: form.get("intent"), assetId: field("assetId"), slot: field("slot") };
    let f: z.infer<typeof ApplyBase>;
    let listingIds: string[];
    if (field("match")) {
      const m = ApplyMatching.parse({ ...base, match: field("match"), q: field("q"), channel: field("channel") });
      const found = await listingsMatching(services.db.prisma, shop.id, actor, { q: m.q || undefined, channel: m.channel });
      if (!found.total) throw new AppError("validation", "No listing matches this search any more.");
      if (found.total > MATCH_MAX) throw new AppError("validation", `${found.total} listings match; a swap reaches at most ${MATCH_MAX}. Narrow the search.`);
      [f, listingIds] = [m, found.ids];
    } else {
      const p = ApplyPicked.parse({ ...base, listingIds: form.getAll("listingId") });
      [f, listingIds] = [p, p.listingIds];
    }
    const r = await placeAsset({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, { assetId: f.assetId, listingIds, slot: f.slot });
    return redirect(`/app/sync?batch=${r.batchId}`);
  } catch (err) {
    if (err instanceof Response) throw err;
    return { error: err instanceof ZodError ? err.issues.map((i) => i.message).join(" ") : errorBody(err).body.message };
  }
}

export default function Swap() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [picked, setPicked] = useState<Record<string, PickedListing>>(() => Object.fromEntries(data.selected.map((l) => [l.id, l])));
  // The URL's listings are the truth once the loader resolved them (Back, reload, later steps).
  const selectedKey = data.selected.map((l) => l.id).join(",");
  useEffect(() => {
    if (data.selected.length && !data.match) setPicked(Object.fromEntries(data.selected.map((l) => [l.id, l])));
  }, [selectedKey]);
  const matching = data.match !== null;

  /** Changes the URL: `patch` values replace, null removes; `withListings` writes the picked listings. */
  const go = (patch: Record<string, string | null>, opts: { withListings?: boolean; replace?: boolean } = {}) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || v === "") next.delete(k);
      else next.set(k, v);
    }
    next.delete("l");
    next.delete("p");
    // "Select all matching" carries the search (q, channel, match=1) instead of ids.
    if (opts.withListings && next.get("match") !== "1") for (const id of Object.keys(picked)) next.append("l", id);
    setParams(next, { replace: opts.replace, preventScrollReset: true });
  };
  // Inside Shopify admin, Shopify's own product picker is offered beside the listings browser.
  const [productPicker, setProductPicker] = useState(false);
  useEffect(() => setProductPicker(hasProductPicker()), []);
  const loading = navigation.state === "loading";
  const applying = navigation.state === "submitting";
  const count = matching ? data.selectedCount : Object.keys(picked).length;
  const canPreview = Boolean(data.asset) && data.slotOptions.length > 0 && count > 0;

  return (
    <Page
      backAction={data.asset ? { content: data.asset.title, url: `/app/assets/${data.asset.id}` } : { content: "Sync", url: "/app/sync" }}
      title="Swap campaign image"
      subtitle="Put one image in the same slot of many listings, on every channel"
    >
      <BlockStack gap="400">
        <SwapSteps step={data.step} />
        {!data.canEdit && (
          <Banner tone="warning">
            <p>Placing assets on listings needs an editor role; you can look around, but not apply.</p>
          </Banner>
        )}
        {data.notice && (
          <Banner tone="warning">
            <p>{data.notice}</p>
          </Banner>
        )}
        {answer?.error && (
          <Banner tone="critical" title="Nothing was placed">
            <p>{answer.error}</p>
          </Banner>
        )}
        {data.step === "listings" && (
          <>
            {data.asset && <AssetChoice asset={data.asset} />}
            <ListingPicker
              items={data.listings}
              q={params.get("q") ?? ""}
              channel={params.get("channel") ?? ""}
              channels={data.channels}
              loading={loading}
              hasMore={data.nextCursor !== null}
              isFirstPage={!params.get("cursor")}
              selected={picked}
              max={MAX_LISTINGS}
              matchTotal={data.matchTotal ?? 0}
              matchMax={data.matchMax}
              matching={matching}
              onSelectAllMatching={() => {
                setPicked({});
                go({ match: "1", cursor: null });
              }}
              onClearMatching={() => go({ match: null, cursor: null })}
              onSearch={(q) => go({ q, cursor: null }, { replace: true })}
              onChannel={(channel) => go({ channel, cursor: null })}
              onMore={() => go({ cursor: data.nextCursor })}
              onFirstPage={() => go({ cursor: null })}
              onToggle={(l, on) =>
                setPicked((s) => {
                  const next = { ...s };
                  if (on) next[l.id] = l;
                  else delete next[l.id];
                  return next;
                })
              }
              onClear={() => setPicked({})}
            />
            <InlineStack align="end" gap="200">
              {productPicker && data.channels.includes("shopify") && (
                <Button
                  onClick={async () => {
                    const chosen = await pickShopifyProducts();
                    if (!chosen) return;
                    const next = new URLSearchParams(params);
                    next.delete("l");
                    next.delete("p");
                    for (const id of Object.keys(picked)) next.append("l", id);
                    for (const gid of chosen) next.append("p", gid);
                    setParams(next, { preventScrollReset: true });
                  }}
                >
                  Choose Shopify products…
                </Button>
              )}
              <Button variant="primary" disabled={!count} onClick={() => go({ step: "asset", cursor: null }, { withListings: true })}>
                Next: choose the asset
              </Button>
            </InlineStack>
          </>
        )}
        {data.step === "asset" && (
          <>
            <AssetPicker
              q={params.get("aq") ?? ""}
              items={data.assets}
              chosen={data.asset}
              loading={loading}
              slot={data.slot}
              slotOptions={data.slotOptions}
              slotNote={data.slotNote}
              onSearch={(aq) => go({ aq }, { withListings: true, replace: true })}
              onChoose={(asset) => go({ asset }, { withListings: true, replace: true })}
              onSlot={(slot) => go({ slot }, { withListings: true, replace: true })}
            />
            <InlineStack align="space-between">
              <Button onClick={() => go({ step: "listings" }, { withListings: true })}>{`Back to listings (${count})`}</Button>
              <Button variant="primary" disabled={!canPreview} onClick={() => go({ step: "preview", slot: data.slot }, { withListings: true })}>
                Next: preview
              </Button>
            </InlineStack>
          </>
        )}
        {data.step === "preview" && (
          <>
            {data.asset ? <AssetChoice asset={data.asset} /> : <Text as="p" tone="critical">Choose an asset first.</Text>}
            <SwapPreview previews={data.previews} more={data.previewMore} />
            <Form method="post">
              <input type="hidden" name="intent" value="apply" />
              <input type="hidden" name="assetId" value={data.asset?.id ?? ""} />
              <input type="hidden" name="slot" value={data.slot} />
              {data.match ? (
                <>
                  <input type="hidden" name="match" value="1" />
                  <input type="hidden" name="q" value={data.match.q} />
                  <input type="hidden" name="channel" value={data.match.channel} />
                </>
              ) : (
                data.selected.map((l) => <input key={l.id} type="hidden" name="listingId" value={l.id} />)
              )}
              <InlineStack align="space-between">
                <Button onClick={() => go({ step: "asset" }, { withListings: true })}>Back</Button>
                <Button variant="primary" submit loading={applying} disabled={!data.canEdit || !data.asset || !data.selectedCount}>
                  {`Apply to ${data.selectedCount.toLocaleString("en-US")} ${data.selectedCount === 1 ? "listing" : "listings"}`}
                </Button>
              </InlineStack>
            </Form>
          </>
        )}
        {data.step !== "listings" && !data.selectedCount && (
          <InlineStack>
            <Button onClick={() => navigate(`/app/swap${data.asset ? `?asset=${data.asset.id}` : ""}`)}>Pick listings</Button>
          </InlineStack>
        )}
      </BlockStack>
    </Page>
  );
}
