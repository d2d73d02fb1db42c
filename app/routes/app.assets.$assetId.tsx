// Asset detail: preview, file information, editable details, the version history with approve/restore,
// "Upload new version", the Channels card (every channel's rendition of the shown version with its
// checks, Build / Fix / Remove Fix) and "Where it's used" (every placement of the asset on listings, with
// Sync now, rollback, restore/adopt a channel's change, remove), and the Tags card (auto tags by facet with
// Accept / Reject / Undo, the text read in the image). Polls while the latest version is
// processing, renditions build or placements are on their way.
import { useEffect, useRef, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, useFetcher, useLoaderData, useRouteError } from "@remix-run/react";
import { Badge, Banner, BlockStack, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { UploadIcon } from "@shopify/polaris-icons";
import { z, ZodError } from "zod";
import { AppError } from "~/.server/errors";
import { errorBody } from "~/.server/http/api-response";
import { AssetEditBody } from "~/.server/library/asset-edit";
import { changeVersionState, editAsset, getAsset, getVersionOfAsset, restoreVersion, setArchived } from "~/.server/library/assets.service";
import { mergedIntoOf } from "~/.server/library/duplicates/merge.service";
import { presentAsset } from "~/.server/library/present";
import { requireShop } from "~/.server/shops/require-shop";
import { fallbackOf, setRights } from "~/.server/governance/rights.service";
import { simulateChannelEdit } from "~/.server/shops/demo-drift";
import { authorize } from "~/.server/governance/authorize";
import { channelList, marketList } from "~/.server/http/form-fields";
import { RightsBadge, RightsCard, type RightsValues } from "~/components/asset/RightsCard";
import { capabilities } from "~/.server/governance/policy";
import { AssetDetailsForm, type DetailsField, type DetailsValues } from "~/components/asset/AssetDetailsForm";
import { AssetPreview } from "~/components/asset/AssetPreview";
import { AutoTagsCard } from "~/components/asset/AutoTagsCard";
import { SimilarAssetsCard, type SimilarItem } from "~/components/asset/SimilarAssetsCard";
import { decideTag, getTagPanel, requestAnalysis } from "~/.server/library/auto-tags.service";
import { MetadataCard } from "~/components/asset/MetadataCard";
import { VersionTimeline } from "~/components/asset/VersionTimeline";
import { splitList } from "~/components/library/format";
import { VersionStateBadge } from "~/components/library/StateBadge";
import { useCoalescedRevalidate, useRevalidateWhile } from "~/components/library/useRevalidateWhile";
import { UploadPanel } from "~/components/upload/UploadPanel";
import { useUploadQueue } from "~/components/upload/useUploadQueue";
import { downloadVersion, useAuthHeaders } from "~/components/shell/auth";
import { AssetCollectionsCard } from "~/components/collections/AssetCollectionsCard";
import { changeCollectionAssets, collectionsOf, listCollections } from "~/.server/library/collections.service";
import { useNotify } from "~/components/shell/notify";
import { applyFix, buildOnDemand, removeFix, versionChannelChecks, type ChannelCheck } from "~/.server/renditions/compliance.service";
import { renditionDeps } from "~/.server/renditions/renditions.service";
import type { Actor } from "~/.server/library/types";
import { ChannelChecksCard } from "~/components/compliance/ChannelChecksCard";
import { useBoundedRevalidate } from "~/components/compliance/useBoundedRevalidate";
import { removePlacement, resolveDrift, setAssetVersion, syncNow, usageMap, type PlacementDeps, type UsageRow } from "~/.server/sync/placements.service";
import { adoptAsVersion, keptNotice } from "~/.server/sync/adopt.service";
import { ingestDepsOf } from "~/.server/library/ingest.service";
import { UsageMapCard, type UsageBusy } from "~/components/sync/UsageMapCard";
import type { DriftChoice } from "~/components/sync/types";
import { isInFlight } from "~/components/sync/labels";

const Params = z.object({ assetId: z.string().uuid() });

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.asset.title} · Assetline` : "Asset · Assetline" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response("That asset was not found.", { status: 404 });
  try {
    const { asset, versions } = await getAsset({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, parsed.data.assetId);
    const can = capabilities(actor, asset);
    const [inCollections, allCollections] = await Promise.all([
      collectionsOf(services.db.prisma, shop.id, asset.id),
      can.edit ? listCollections(services.db.prisma, shop.id, actor) : Promise.resolve([]),
    ]);
    const fallback = await fallbackOf(services.db.prisma, shop.id, actor, asset.rights?.fallbackAssetId ?? null);
    const channels = await channelChecks(services, shop, actor, asset);
    const usage = await usageOf({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, asset.id);
    const tagPanel = await getTagPanel({ prisma: services.db.prisma }, shop.id, actor, asset.id);
    const mergedInto = await mergedIntoOf({ prisma: services.db.prisma }, shop.id, actor, asset);
    return {
      tagPanel,
      mergedInto,
      channels,
      usage,
      // The demo can change a Shopify image on its sandbox store, to show drift.
      demoStore: services.config.mode === "demo" && services.sandboxes !== null,
      asset: presentAsset(shop.mediaKey, asset, versions),
      fallback,
      can,
      collections: inCollections,
      allCollections: allCollections.map((c) => ({ id: c.id, name: c.name })),
    };
  } catch (err) {
    if (err instanceof AppError && err.kind === "not_found") throw new Response(err.message, { status: 404 });
    throw err;
  }
}

/**
 * The channel checks of the newest version. Only reads and queues builds of
 * missing eager renditions (the page polls while they build), so the page stays fast; a failure here
 * leaves the rest of the page working and says why in the card.
 */
async function channelChecks(
  services: Parameters<typeof renditionDeps>[0],
  shop: { id: string; mediaKey: string },
  actor: Actor,
  asset: { id: string; kind: string; liveVersionId: string | null; latestVersionId: string | null },
): Promise<{ versionId: string | null; checks: ChannelCheck[]; unavailable: string | null }> {
  // The newest version: a reviewer sees whether it passes every channel before approving it.
  const versionId = asset.latestVersionId ?? asset.liveVersionId;
  if (asset.kind !== "image" || !versionId) return { versionId: null, checks: [], unavailable: null };
  try {
    return { versionId, ...(await versionChannelChecks(renditionDeps(services), shop.id, shop.mediaKey, actor, asset.id, versionId)) };
  } catch (err) {
    if (err instanceof Response) throw err;
    return { versionId, checks: [], unavailable: `Channel checks could not be loaded: ${errorBody(err).body.message}` };
  }
}

/** The usage map; a failure leaves the rest of the page working and says why in the card. */
async function usageOf(deps: PlacementDeps, shopId: string, actor: Actor, assetId: string): Promise<{ rows: UsageRow[]; unavailable: string | null }> {
  try {
    return { rows: await usageMap(deps, shopId, actor, assetId), unavailable: null };
  } catch (err) {
    if (err instanceof Response) throw err;
    return { rows: [], unavailable: `Where the asset is used could not be loaded: ${errorBody(err).body.message}` };
  }
}

const optionalDate = z.string().trim().transform((s, ctx) => {
  if (!s) return null;
  const d = new Date(`${s}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) ctx.addIssue({ code: "custom", message: `“${s}” is not a date.` });
  return d;
});
const RightsForm = z.object({
  intent: z.literal("rights"),
  licensor: z.string().trim().max(200).transform((s) => s || null),
  licenceStart: optionalDate,
  licenceEnd: optionalDate,
  territories: marketList,
  channels: channelList,
  containsPeople: z.enum(["true", "false"]).transform((v) => v === "true"),
  modelReleaseRef: z.string().trim().max(200).transform((s) => s || null),
  fallbackAssetId: z
    .string()
    .transform((s) => s || null)
    .pipe(z.string().uuid("Choose the fallback from the library.").nullable())
    .default(""),
});

const ChannelIntent = z.object({
  intent: z.enum(["channel.build", "channel.fix", "channel.unfix"]),
  versionId: z.string().uuid(),
  presetId: z.string().regex(/^[a-z0-9.-]{1,48}$/, "That is not a preset."),
});
const UsageIntent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("placement.remove"), placementId: z.string().uuid() }),
  z.object({ intent: z.literal("placement.restore"), placementId: z.string().uuid() }),
  z.object({ intent: z.literal("placement.adopt"), placementId: z.string().uuid() }),
  z.object({ intent: z.literal("placement.keep"), placementId: z.string().uuid() }),
  z.object({ intent: z.literal("placement.sync") }),
  z.object({ intent: z.literal("placement.pin"), versionId: z.string().uuid() }),
  z.object({ intent: z.literal("placement.follow") }),
  z.object({ intent: z.literal("placement.demo_edit"), placementId: z.string().uuid() }),
]);
const TagIntent = z.object({ intent: z.enum(["tag.accept", "tag.reject", "tag.undo"]), tagId: z.string().uuid() });
const CollectionIntent = z.object({ intent: z.enum(["collection.add", "collection.remove"]), collectionId: z.string().uuid() });
const VersionIntent = z.object({ intent: z.enum(["approve", "restore", "submit"]), versionId: z.string().uuid() });
const EditForm = z.object({
  title: z.string(),
  description: z.string(),
  markets: z.string(),
  languages: z.string(),
  campaign: z.string(),
  tags: z.array(z.string()),
});

type ActionAnswer =
  | { ok: true; intent: string; message: string }
  | { ok: false; intent: string; error: string; fieldErrors?: Partial<Record<DetailsField, string>> };

export async function action({ request, params }: ActionFunctionArgs): Promise<ActionAnswer> {
  const { shop, actor, services } = await requireShop(request);
  const { assetId } = Params.parse(params);
  const deps = { prisma: services.db.prisma, queue: services.queue };
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  try {
    switch (intent) {
      case "edit": {
        const f = EditForm.parse({
          title: form.get("title") ?? "",
          description: form.get("description") ?? "",
          markets: form.get("markets") ?? "",
          languages: form.get("languages") ?? "",
          campaign: form.get("campaign") ?? "",
          tags: form.getAll("tags"),
        });
        const body = AssetEditBody.safeParse({
          title: f.title,
          description: f.description,
          markets: splitList(f.markets),
          languages: splitList(f.languages),
          campaign: f.campaign.trim() || null,
          tags: f.tags,
        });
        if (!body.success) return { ok: false, intent, error: "Check the highlighted fields.", fieldErrors: fieldErrors(body.error, f) };
        await editAsset(deps, shop.id, actor, assetId, body.data);
        return { ok: true, intent, message: "Asset saved" };
      }
      case "submit": {
        const { versionId } = VersionIntent.parse({ intent, versionId: form.get("versionId") });
        const r = await changeVersionState(deps, shop.id, actor, versionId, "submit");
        return { ok: true, intent, message: `Version ${r.number} submitted for review` };
      }
      case "approve":
      case "restore": {
        const { versionId } = VersionIntent.parse({ intent, versionId: form.get("versionId") });
        const v = await getVersionOfAsset(deps, shop.id, actor, assetId, versionId); // the version belongs to this asset
        if (intent === "approve") {
          await changeVersionState(deps, shop.id, actor, versionId, "approve");
          return { ok: true, intent, message: `Version ${v.number} approved` };
        }
        const created = await restoreVersion(deps, shop.id, actor, versionId);
        return { ok: true, intent, message: `Version ${v.number} restored as version ${created.number}` };
      }
      case "rights": {
        const { intent: _intent, ...r } = RightsForm.parse(Object.fromEntries(form));
        const saved = await setRights({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, assetId, r);
        return { ok: true, intent, message: `Rights saved (${saved.status})` };
      }
      case "collection.add":
      case "collection.remove": {
        const c = CollectionIntent.parse({ intent, collectionId: form.get("collectionId") });
        const add = intent === "collection.add";
        const r = await changeCollectionAssets(services.db.prisma, shop.id, actor, c.collectionId, add ? { add: [assetId] } : { remove: [assetId] });
        return { ok: true, intent, message: add ? `Added to “${r.name}”` : `Removed from “${r.name}”` };
      }
      case "channel.build":
      case "channel.fix":
      case "channel.unfix":
        return { ok: true, intent, message: await channelAction(services, shop.id, actor, assetId, ChannelIntent.parse(Object.fromEntries(form))) };
      case "placement.remove":
      case "placement.restore":
      case "placement.adopt":
      case "placement.keep":
      case "placement.sync":
      case "placement.pin":
      case "placement.follow":
      case "placement.demo_edit":
        const u = UsageIntent.parse(Object.fromEntries(form));
        if (u.intent === "placement.demo_edit") {
          authorize(actor, "asset.edit");
          await simulateChannelEdit(services, shop.id, u.placementId);
          return { ok: true, intent, message: "The demo store's image was changed; Assetline reads the listing back" };
        }
        if (u.intent === "placement.keep") {
          return { ok: true, intent, message: keptNotice(await adoptAsVersion(ingestDepsOf(services), shop.id, actor, u.placementId)) };
        }
        return { ok: true, intent, message: await usageAction({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, assetId, u) };
      case "tag.accept":
      case "tag.reject":
      case "tag.undo": {
        const t = TagIntent.parse(Object.fromEntries(form));
        const decision = t.intent === "tag.accept" ? "accept" : t.intent === "tag.reject" ? "reject" : "undo";
        const r = await decideTag(deps, shop.id, actor, assetId, t.tagId, decision);
        return { ok: true, intent, message: decision === "accept" ? `“${r.label}” accepted` : decision === "reject" ? `“${r.label}” rejected: it will not be suggested again` : `“${r.label}” restored` };
      }
      case "analyse": {
        const r = await requestAnalysis(deps, shop.id, actor, { assetIds: [assetId], force: true });
        return { ok: true, intent, message: r.queued ? "Analysing the image again; tags update in a moment" : "Nothing to analyse yet" };
      }
      case "archive":
      case "unarchive":
        await setArchived(deps, shop.id, actor, [assetId], intent === "archive");
        return { ok: true, intent, message: intent === "archive" ? "Asset archived" : "Asset unarchived" };
      default:
        return { ok: false, intent, error: "Unknown action." };
    }
  } catch (err) {
    if (err instanceof Response) throw err;
    return { ok: false, intent, error: errorBody(err).body.message };
  }
}

/** Build / Fix / Remove Fix on one channel preset of a version of this asset; the answer is the toast. */
async function channelAction(
  services: Parameters<typeof renditionDeps>[0],
  shopId: string,
  actor: Actor,
  assetId: string,
  c: z.infer<typeof ChannelIntent>,
): Promise<string> {
  const deps = renditionDeps(services);
  if (c.intent === "channel.build") {
    const built = (await buildOnDemand(deps, shopId, actor, assetId, c.versionId, [c.presetId])).get(c.presetId);
    return built?.verdict === "fail" ? "Built: it fails this channel's rules" : "Built";
  }
  if (c.intent === "channel.unfix") {
    await removeFix(deps, shopId, actor, assetId, c.presetId);
    return "Fix removed; this channel gets the image without it";
  }
  const fixed = await applyFix(deps, shopId, actor, assetId, c.versionId, c.presetId);
  return fixed.verdict === "fail" ? "Fix applied, but the image still fails: see what is left" : "Fixed: the new image meets the channel's image rules";
}

/** Remove / restore / adopt / Sync now / roll back / follow latest on the usage map; the answer is the toast. */
async function usageAction(deps: PlacementDeps, shopId: string, actor: Actor, assetId: string, u: Exclude<z.infer<typeof UsageIntent>, { intent: "placement.demo_edit" | "placement.keep" }>): Promise<string> {
  switch (u.intent) {
    case "placement.remove":
      await removePlacement(deps, shopId, actor, u.placementId);
      return "Removed; the listing is updated at the next sync";
    case "placement.restore":
      await resolveDrift(deps, shopId, actor, u.placementId, "restore");
      return "Restoring our image on the listing";
    case "placement.adopt":
      await resolveDrift(deps, shopId, actor, u.placementId, "adopt");
      return "The channel's image is kept; Assetline no longer manages that slot";
    case "placement.sync": {
      const r = await syncNow(deps, shopId, actor, { assetId });
      return r.listings ? `Syncing ${r.listings} ${r.listings === 1 ? "listing" : "listings"}` : "Nothing to sync";
    }
    case "placement.pin": {
      const r = await setAssetVersion(deps, shopId, actor, assetId, u.versionId);
      return `Pinned ${r.placements} ${r.placements === 1 ? "placement" : "placements"}; the listings are being updated`;
    }
    case "placement.follow": {
      const r = await setAssetVersion(deps, shopId, actor, assetId, null);
      return `${r.placements} ${r.placements === 1 ? "placement follows" : "placements follow"} the latest approved version again`;
    }
  }
}

/** Zod issues on the edit body → a message per form field, naming the value that was refused. */
function fieldErrors(err: ZodError, f: z.infer<typeof EditForm>): Partial<Record<DetailsField, string>> {
  const out: Partial<Record<DetailsField, string>> = {};
  for (const issue of err.issues) {
    const [field, index] = issue.path;
    const key = String(field) as DetailsField;
    if (out[key]) continue;
    const list = key === "markets" ? splitList(f.markets) : key === "languages" ? splitList(f.languages) : key === "tags" ? f.tags : null;
    const value = typeof index === "number" && list ? list[index] : undefined;
    const msg = issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
    out[key] = value !== undefined ? `“${value}”: ${msg}` : msg;
  }
  return out;
}

export default function AssetDetail() {
  const { asset, can, collections, allCollections, fallback, channels, usage, demoStore, tagPanel, mergedInto } = useLoaderData<typeof loader>();
  const notify = useNotify();
  const versions = asset.versions ?? [];
  const latest = versions.find((v) => v.id === asset.latestVersionId) ?? versions[0] ?? null;
  const live = versions.find((v) => v.id === asset.liveVersionId) ?? null;
  const ops = useFetcher<typeof action>();
  const rightsFetcher = useFetcher<typeof action>();
  const usageFetcher = useFetcher<typeof action>();
  const edit = useFetcher<typeof action>();
  const tagFetcher = useFetcher<typeof action>();
  const similarFetcher = useFetcher<{ items: SimilarItem[] }>();
  const [banner, setBanner] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const revalidateSoon = useCoalescedRevalidate(100);
  const getHeaders = useAuthHeaders();
  const queue = useUploadQueue({
    url: `/app/upload?assetId=${asset.id}`,
    concurrency: 1,
    getHeaders,
    onFinished: (o) => {
      if (o.status === "created") {
        notify(`Version ${o.versionNumber} added`);
        revalidateSoon();
      }
    },
  });
  useRevalidateWhile(versions.some((v) => v.processing === "pending"));
  const channelsSlow = useBoundedRevalidate(channels.checks.some((c) => c.state === "building"));
  const [usageAnsweredAt, setUsageAnsweredAt] = useState(0);
  const usageSlow = useBoundedRevalidate(usage.rows.some((r) => isInFlight(r.state)), { ms: 2000, maxMs: 3 * 60_000, restart: usageAnsweredAt });

  useEffect(() => {
    if (ops.state !== "idle" || !ops.data) return;
    if (ops.data.ok) {
      notify(ops.data.message);
      setBanner(null);
    } else setBanner(ops.data.error);
  }, [ops.state, ops.data, notify]);
  useEffect(() => {
    if (usageFetcher.state !== "idle" || !usageFetcher.data) return;
    setUsageAnsweredAt(Date.now());
    if (usageFetcher.data.ok) {
      notify(usageFetcher.data.message);
      setBanner(null);
    } else setBanner(usageFetcher.data.error);
  }, [usageFetcher.state, usageFetcher.data, notify]);
  useEffect(() => {
    if (tagFetcher.state !== "idle" || !tagFetcher.data) return;
    if (tagFetcher.data.ok) {
      notify(tagFetcher.data.message);
      setBanner(null);
    } else setBanner(tagFetcher.data.error);
  }, [tagFetcher.state, tagFetcher.data, notify]);
  // After "Analyse again" the tags change when the job has run: poll for a while.
  const [analysedAt, setAnalysedAt] = useState(0);
  useEffect(() => {
    if (tagFetcher.state === "idle" && tagFetcher.data?.ok && tagFetcher.data.intent === "analyse") setAnalysedAt(Date.now());
  }, [tagFetcher.state, tagFetcher.data]);
  // A freshly processed image is tagged by a background job: the card fills in when it has run.
  const awaitingTags = asset.kind === "image" && latest?.processing === "ready" && tagPanel.analyses.length === 0;
  useBoundedRevalidate(awaitingTags || analysedAt > 0, { ms: 2000, maxMs: 60_000, restart: analysedAt });
  const [savedCount, setSavedCount] = useState(0);
  useEffect(() => {
    if (edit.state === "idle" && edit.data?.ok) {
      notify(edit.data.message);
      setSavedCount((n) => n + 1);
    }
  }, [edit.state, edit.data, notify]);

  const submitOp = (intent: string, versionId?: string) => {
    const form = new FormData();
    form.set("intent", intent);
    if (versionId) form.set("versionId", versionId);
    ops.submit(form, { method: "post" });
  };
  const saveRights = (v: RightsValues) => {
    const form = new FormData();
    form.set("intent", "rights");
    for (const k of ["licensor", "licenceStart", "licenceEnd", "territories", "channels", "modelReleaseRef"] as const) form.set(k, v[k]);
    form.set("containsPeople", String(v.containsPeople));
    form.set("fallbackAssetId", v.fallback?.id ?? "");
    rightsFetcher.submit(form, { method: "post" });
  };
  const saveDetails = (values: DetailsValues) => {
    const form = new FormData();
    form.set("intent", "edit");
    for (const k of ["title", "description", "markets", "languages", "campaign"] as const) form.set(k, values[k]);
    for (const t of values.tags) form.append("tags", t);
    edit.submit(form, { method: "post" });
  };

  const opForm = ops.state !== "idle" ? ops.formData : undefined;
  const busy = opForm?.get("versionId") ? { versionId: String(opForm.get("versionId")), intent: String(opForm.get("intent")) } : null;
  const archiving = opForm && ["archive", "unarchive"].includes(String(opForm.get("intent")));
  const editAnswer = edit.state === "idle" && edit.data && !edit.data.ok ? edit.data : null;
  const download = (versionId: string, rendition: string | null = null) =>
    downloadVersion(getHeaders, asset.id, versionId, rendition).catch((e: Error) => notify(e.message, { error: true }));
  const shown = live ?? latest;
  const versionOf = (id: string) => {
    const v = versions.find((x) => x.id === id);
    return v ? { id: v.id, number: v.number, live: v.id === asset.liveVersionId } : null;
  };
  const usageOp = (intent: string, fields: Record<string, string> = {}) => usageFetcher.submit({ intent, ...fields }, { method: "post" });
  const usageForm = usageFetcher.state !== "idle" ? usageFetcher.formData : undefined;
  const usageBusy = busyOf(usageForm);
  const approved = versions.filter((v) => v.approvedAt && v.state !== "rejected").map((v) => ({ id: v.id, number: v.number }));
  const collectionOp = (intent: "collection.add" | "collection.remove", collectionId: string) => {
    const form = new FormData();
    form.set("intent", intent);
    form.set("collectionId", collectionId);
    ops.submit(form, { method: "post" });
  };

  return (
    <Page
      backAction={{ content: "Library", url: "/app" }}
      title={asset.title}
      titleMetadata={
        <InlineStack gap="200">
          {latest && (
            <span data-testid="asset-state">
              <VersionStateBadge state={latest.state} />
            </span>
          )}
          {live && (
            <span data-testid="asset-live">
              <Badge tone="success-strong">{`Live: v${live.number}`}</Badge>
            </span>
          )}
          <RightsBadge status={asset.rights?.status} />
          {asset.archived && <Badge>Archived</Badge>}
        </InlineStack>
      }
      subtitle={`${asset.kind.charAt(0).toUpperCase()}${asset.kind.slice(1)} · ${asset.versionCount} ${
        asset.versionCount === 1 ? "version" : "versions"
      }`}
      primaryAction={can.edit ? { content: "Upload new version", icon: UploadIcon, onAction: () => fileInput.current?.click() } : undefined}
      secondaryActions={[
        ...(can.archive
          ? [
              asset.archived
                ? { content: "Unarchive", onAction: () => submitOp("unarchive"), loading: !!archiving }
                : { content: "Archive", onAction: () => submitOp("archive"), loading: !!archiving },
            ]
          : []),
        ...(latest && can.edit && (latest.state === "draft" || latest.state === "rejected") && latest.processing === "ready"
          ? [{ content: "Submit for review", onAction: () => submitOp("submit", latest.id) }]
          : []),
      ]}
      actionGroups={
        shown && can.download
          ? [
              {
                title: "Download",
                actions: [
                  { content: `Original (${shown.filename})`, onAction: () => void download(shown.id) },
                  ...shown.renditions
                    .filter((r) => r.presetId !== "thumb")
                    .map((r) => ({ content: `${r.presetId === "preview" ? "Preview" : r.presetId} (${r.width}×${r.height} ${r.mime.split("/")[1]?.toUpperCase() ?? ""})`, onAction: () => void download(shown.id, r.presetId) })),
                ],
              },
            ]
          : []
      }
    >
      <input
        ref={fileInput}
        type="file"
        hidden
        data-testid="new-version-input"
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          e.currentTarget.value = "";
          queue.add(files.slice(0, 1));
        }}
      />
      <BlockStack gap="400">
        {mergedInto && (
          <Banner tone="info" title="This asset was merged into another" action={mergedInto.id ? { content: `Open “${mergedInto.title}”`, url: `/app/assets/${mergedInto.id}` } : undefined}>
            <p>
              {mergedInto.title ? `Its versions, tags and placements are now “${mergedInto.title}”'s` : "Its versions, tags and placements moved to an asset outside your markets"}
              {mergedInto.at ? ` (merged ${mergedInto.at.slice(0, 10)})` : ""}. It is kept here, archived, and was not deleted.
            </p>
          </Banner>
        )}
        {asset.archived && !mergedInto && (
          <Banner tone="warning" title="This asset is archived">
            <p>It is hidden from the library and cannot be published. Unarchive it to use it again.</p>
          </Banner>
        )}
        {banner && (
          <Banner tone="critical" onDismiss={() => setBanner(null)}>
            <p>{banner}</p>
          </Banner>
        )}
        <UploadPanel queue={queue} addVersionAction="/app/add-version" title="New version" showAssetLink={false} />
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <AssetPreview title={asset.title} kind={asset.kind} version={latest} />
              {latest?.processing === "failed" && (
                <Banner tone="critical" title="We couldn't process the latest version">
                  <p>{latest.processingError ?? "The file could not be read."} Upload a new version to replace it.</p>
                </Banner>
              )}
              {asset.kind === "image" && channels.versionId && (
                <ChannelChecksCard
                  checks={channels.checks}
                  unavailable={channels.unavailable}
                  version={versionOf(channels.versionId)}
                  assetTitle={asset.title}
                  canEdit={can.edit}
                  slow={channelsSlow}
                />
              )}
              {asset.kind === "image" && (
                <UsageMapCard
                  assetId={asset.id}
                  assetThumbnailUrl={(live ?? latest)?.thumbnailUrl ?? null}
                  rows={usage.rows}
                  unavailable={usage.unavailable}
                  approved={approved}
                  latestApprovedNumber={live?.number ?? null}
                  canEdit={can.edit}
                  canPlace={can.edit && !asset.archived}
                  busy={usageBusy}
                  slow={usageSlow}
                  onRemove={(id) => usageOp("placement.remove", { placementId: id })}
                  onResolve={(id, choice) => usageOp(`placement.${choice}`, { placementId: id })}
                  onDemoEdit={demoStore ? (id) => usageOp("placement.demo_edit", { placementId: id }) : undefined}
                  onSyncNow={() => usageOp("placement.sync")}
                  onPin={(versionId) => usageOp("placement.pin", { versionId })}
                  onFollowLatest={() => usageOp("placement.follow")}
                />
              )}
              <VersionTimeline
                assetId={asset.id}
                kind={asset.kind}
                versions={versions}
                latestVersionId={asset.latestVersionId}
                liveVersionId={asset.liveVersionId}
                busy={busy}
                canApprove={can.approve}
                canRestore={can.edit}
                onApprove={(id) => submitOp("approve", id)}
                onRestore={(id) => submitOp("restore", id)}
                onDownload={download}
              />
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <BlockStack gap="400">
              <AssetDetailsForm
                asset={asset}
                readOnly={!can.edit}
                saving={edit.state !== "idle"}
                error={editAnswer?.error}
                fieldErrors={editAnswer && !editAnswer.ok ? editAnswer.fieldErrors : undefined}
                onSave={saveDetails}
                savedCount={savedCount}
              />
              <AutoTagsCard
                tags={tagPanel.tags.map((t) => ({ ...t, id: t.id ?? null }))}
                analyses={tagPanel.analyses}
                text={tagPanel.text}
                canEdit={can.edit}
                busyTagId={tagFetcher.state !== "idle" ? String(tagFetcher.formData?.get("tagId") ?? "") || null : null}
                analysing={tagFetcher.state !== "idle" && tagFetcher.formData?.get("intent") === "analyse"}
                onDecide={(tagId, decision) => tagFetcher.submit({ intent: `tag.${decision}`, tagId }, { method: "post" })}
                onAnalyse={() => tagFetcher.submit({ intent: "analyse" }, { method: "post" })}
              />
              <SimilarAssetsCard
                items={similarFetcher.data?.items ?? null}
                loading={similarFetcher.state !== "idle"}
                error={null}
                onFind={() => similarFetcher.load(`/app/assets/${asset.id}/similar`)}
              />
              <AssetCollectionsCard
                collections={collections}
                all={allCollections}
                readOnly={!can.edit}
                busy={ops.state !== "idle"}
                onAdd={(id) => collectionOp("collection.add", id)}
                onRemove={(id) => collectionOp("collection.remove", id)}
              />
              <RightsCard
                assetId={asset.id}
                kind={asset.kind}
                fallback={fallback}
                rights={asset.rights}
                readOnly={!can.edit}
                saving={rightsFetcher.state !== "idle"}
                error={rightsFetcher.state === "idle" && rightsFetcher.data && !rightsFetcher.data.ok ? rightsFetcher.data.error : null}
                onSave={saveRights}
              />
              {latest && <MetadataCard version={latest} />}
            </BlockStack>
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}

/** What the usage map is sending right now (for its spinners). */
function busyOf(form: FormData | undefined): UsageBusy {
  if (!form) return null;
  const intent = String(form.get("intent"));
  const placementId = String(form.get("placementId") ?? "");
  if (intent === "placement.sync") return { kind: "sync" };
  if (intent === "placement.pin") return { kind: "version", action: "pin" };
  if (intent === "placement.follow") return { kind: "version", action: "follow" };
  if (intent === "placement.remove" || intent === "placement.restore" || intent === "placement.adopt" || intent === "placement.keep")
    return { kind: "row", placementId, action: intent.slice("placement.".length) as DriftChoice | "remove" };
  return null;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <Page backAction={{ content: "Library", url: "/app" }} title={notFound ? "Asset not found" : "Something went wrong"}>
      <Banner tone={notFound ? "warning" : "critical"}>
        <Text as="p">
          {notFound
            ? "This asset does not exist in this shop, or it was deleted. Go back to the library to find it."
            : "The asset could not be shown. Try again; if it persists, check the server log."}
        </Text>
      </Banner>
    </Page>
  );
}
