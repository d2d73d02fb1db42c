// The Library: every asset of the shop as a grid (default) or a list, filtered through the URL, with
// uploads (drop anywhere on the page, or the Upload button), bulk archive/tag, and keyset pages; search
// (issue #7) with suggestions, and search by an image (its matches shown in place of the grid).
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData, useLocation, useNavigate, useNavigation, useSearchParams } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  Card,
  Checkbox,
  EmptySearchResult,
  InlineGrid,
  InlineStack,
  Page,
  Pagination,
  Text,
} from "@shopify/polaris";
import { FolderIcon, UploadIcon } from "@shopify/polaris-icons";
import { z, ZodError } from "zod";
import { AppError } from "~/.server/errors";
import { errorBody } from "~/.server/http/api-response";
import { bulkTag, listLibrary, setArchived } from "~/.server/library/assets.service";
import { listTagFacets } from "~/.server/library/browse.service";
import { parseListQuery, type ListQuery } from "~/.server/library/list-query";
import { presentAsset } from "~/.server/library/present";
import { searchAssets } from "~/.server/library/search.service";
import { rememberSearch } from "~/.server/library/suggest/recent-searches.service";
import { isSearchRequest, parseSearchQuery, searchParamsOnly, type ParsedSearchQuery } from "~/.server/library/search-query";
import { searchPageView, type SearchPageView } from "~/.server/library/search-page";
import { requireShop } from "~/.server/shops/require-shop";
import { capabilities } from "~/.server/governance/policy";
import { AddTagModal } from "~/components/library/AddTagModal";
import { AddToCollectionModal } from "~/components/collections/AddToCollectionModal";
import { changeCollectionAssets, createCollection, listCollections } from "~/.server/library/collections.service";
import { AssetGrid } from "~/components/library/AssetGrid";
import { AssetTable } from "~/components/library/AssetTable";
import { EmptyLibrary } from "~/components/library/EmptyLibrary";
import { FacetPanel, LibrarySearchForm, NoResults, SearchSummary } from "~/components/library/LibrarySearch";
import { ImageSearchResults, useImageSearch } from "~/components/library/ImageSearchResults";
import { LibraryToolbar, type FilterPatch } from "~/components/library/LibraryToolbar";
import type { LibraryFilterState } from "~/components/library/types";
import { useCoalescedRevalidate, useRevalidateWhile } from "~/components/library/useRevalidateWhile";
import { PageDropZone } from "~/components/upload/PageDropZone";
import { FolderInput, type FolderInputHandle } from "~/components/upload/FolderInput";
import { UploadPanel } from "~/components/upload/UploadPanel";
import { useUploadQueue } from "~/components/upload/useUploadQueue";
import { downloadZip, useAuthHeaders } from "~/components/shell/auth";
import { useNotify } from "~/components/shell/notify";

export const meta: MetaFunction = () => [{ title: "Library · Assetline" }];

const PAGE_SIZE = 48;
/** The search's own parameters are read by parseSearchQuery; these are the page's (kept by the search form). */
const OWN_PARAMS = ["q", "sort", "cursor"];
const View = z.enum(["grid", "list"]).catch("grid");

/** The list query; a bad parameter (hand-edited URL) is dropped with a notice instead of failing the page. */
function parseQuery(url: URL): { query: ListQuery; ignored: string[] } {
  try {
    return { query: parseListQuery(url), ignored: [] };
  } catch (err) {
    if (!(err instanceof ZodError)) throw err;
    const bad = [...new Set(err.issues.map((i) => String(i.path[0] ?? "")))].filter(Boolean);
    const clean = new URL(url);
    for (const k of bad) clean.searchParams.delete(k);
    return { query: parseListQuery(clean), ignored: bad };
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  const url = new URL(request.url);
  const { query, ignored } = parseQuery(url);
  const view = View.parse(url.searchParams.get("view") ?? undefined);
  const deps = { prisma: services.db.prisma, queue: services.queue };
  const filter = { q: query.q, kind: query.kind, state: query.state, tag: query.tag, collectionId: query.collection, archived: query.archived };
  let cursor = query.cursor ?? null;
  const notices = ignored.length ? [`Some filters in the address were not understood and were ignored (${ignored.join(", ")}).`] : [];
  // Search (issue #7) when there is text or a facet filter; the Archived tab and collections keep the listing.
  let page: { items: Parameters<typeof presentAsset>[1][]; nextCursor: string | null };
  let search: SearchPageView | null = null;
  if (!query.archived && !query.collection && isSearchRequest(url)) {
    const now = new Date();
    let sq: ParsedSearchQuery;
    try {
      sq = parseSearchQuery(searchParamsOnly(url));
    } catch (err) {
      if (!(err instanceof ZodError) && !(err instanceof AppError && err.kind === "validation")) throw err;
      notices.push("Some search filters in the address were not understood and were ignored.");
      sq = { q: url.searchParams.get("q")?.slice(0, 500), filters: {} };
    }
    // The toolbar's single-value filters narrow the search too.
    const filters = {
      ...sq.filters,
      ...(query.kind ? { kinds: [...new Set([...(sq.filters.kinds ?? []), query.kind])] } : {}),
      ...(query.state ? { states: [...new Set([...(sq.filters.states ?? []), query.state])] } : {}),
      ...(query.tag ? { tags: [...new Set([...(sq.filters.tags ?? []), query.tag.toLowerCase()])] } : {}),
    };
    // counts: the facet panel and the total show on every page (the API counts on the first page only).
    const input = { q: sq.q ?? "", filters, sort: sq.sort, limit: query.limit ?? PAGE_SIZE, now, utcOffsetMinutes: sq.tz, counts: true };
    let r;
    try {
      r = await searchAssets({ prisma: services.db.prisma }, shop.id, actor, { ...input, cursor });
    } catch (err) {
      if (!(err instanceof AppError) || err.kind !== "validation" || !cursor) throw err;
      notices.push(err.message);
      cursor = null;
      r = await searchAssets({ prisma: services.db.prisma }, shop.id, actor, input);
    }
    page = { items: r.items.map((i) => i.asset), nextCursor: r.nextCursor };
    search = searchPageView(url, r, now, sq.tz ?? 0);
    // The member's recent searches (suggested back by the field): text they searched, on its first page.
    if (!cursor && sq.q) await rememberSearch({ prisma: services.db.prisma }, shop.id, actor, sq.q, now);
  } else {
    try {
      page = await listLibrary(deps, shop.id, actor, filter, { cursor, limit: query.limit ?? PAGE_SIZE });
    } catch (err) {
      if (!(err instanceof AppError) || err.kind !== "validation" || !cursor) throw err;
      notices.push(err.message);
      cursor = null;
      page = await listLibrary(deps, shop.id, actor, filter, { limit: query.limit ?? PAGE_SIZE });
    }
  }
  const tags = await listTagFacets(deps, shop.id, actor);
  const collections = (await listCollections(services.db.prisma, shop.id, actor)).map((c) => ({ id: c.id, name: c.name, count: c.assetCount }));
  if (query.collection && !collections.some((c) => c.id === query.collection)) notices.push("That collection no longer exists; showing the whole library.");
  const filters: LibraryFilterState = {
    q: query.q ?? "",
    kind: query.kind ?? null,
    state: query.state ?? null,
    tag: query.tag ?? null,
    collection: query.collection ?? null,
    archived: query.archived,
    view,
  };
  return {
    // The demo library is seeded in the background right after start-up: keep refreshing until it is.
    can: capabilities(actor),
    seeding: shop.isDemo && !(shop.settings as { demoSeeded?: boolean } | null)?.demoSeeded,
    items: page.items.map((a) => presentAsset(shop.mediaKey, a)),
    nextCursor: page.nextCursor,
    cursor,
    tags,
    collections,
    filters,
    search,
    /** The page's other parameters, carried by the search form as hidden fields. */
    keep: [...url.searchParams].filter(([k, v]) => v !== "" && !OWN_PARAMS.includes(k)),
    notice: notices.join(" ") || null,
  };
}

const Ids = z.array(z.string().uuid()).min(1, "Select at least one asset.").max(500);
const BulkBody = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("archive"), ids: Ids }),
  z.object({ intent: z.literal("unarchive"), ids: Ids }),
  z.object({
    intent: z.literal("tag"),
    ids: Ids,
    tags: z.array(z.string().trim().min(1).max(80)).min(1, "Enter at least one tag.").max(20),
  }),
  z.object({ intent: z.literal("collection.add"), ids: Ids, collectionId: z.string().uuid().optional(), newName: z.string().optional() }),
  z.object({ intent: z.literal("collection.remove"), ids: Ids, collectionId: z.string().uuid() }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  const deps = { prisma: services.db.prisma, queue: services.queue };
  const form = await request.formData();
  try {
    const body = BulkBody.parse({
      intent: form.get("intent"),
      ids: form.getAll("ids"),
      tags: form.getAll("tags"),
      collectionId: form.get("collectionId") || undefined,
      newName: form.get("newName") || undefined,
    });
    const n = body.ids.length;
    const assets = `${n} ${n === 1 ? "asset" : "assets"}`;
    if (body.intent === "collection.add") {
      if (body.newName !== undefined) {
        const c = await createCollection(services.db.prisma, shop.id, actor, { name: body.newName, assetIds: body.ids });
        return { ok: true as const, message: `Collection “${c.name}” created with ${assets}` };
      }
      if (!body.collectionId) throw new AppError("validation", "Pick a collection or name a new one.");
      const r = await changeCollectionAssets(services.db.prisma, shop.id, actor, body.collectionId, { add: body.ids });
      return { ok: true as const, message: `Added ${r.added} to “${r.name}”${r.added < n ? ` (${n - r.added} already in it)` : ""}` };
    }
    if (body.intent === "collection.remove") {
      const r = await changeCollectionAssets(services.db.prisma, shop.id, actor, body.collectionId, { remove: body.ids });
      return { ok: true as const, message: `Removed ${r.removed} from “${r.name}”` };
    }
    if (body.intent === "tag") {
      await bulkTag(deps, shop.id, actor, body.ids, body.tags);
      return { ok: true as const, message: `Tagged ${assets}` };
    }
    const count = await setArchived(deps, shop.id, actor, body.ids, body.intent === "archive");
    return {
      ok: true as const,
      message: `${count} ${count === 1 ? "asset" : "assets"} ${body.intent === "archive" ? "archived" : "unarchived"}`,
    };
  } catch (err) {
    if (err instanceof Response) throw err;
    return { ok: false as const, error: errorBody(err).body.message };
  }
}

export default function Library() {
  const data = useLoaderData<typeof loader>();
  const { items, filters } = data;
  const [searchParams, setSearchParams] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();
  const navigation = useNavigation();
  const notify = useNotify();
  const bulk = useFetcher<typeof action>();
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [tagModal, setTagModal] = useState(false);
  const [collectionModal, setCollectionModal] = useState(false);
  const [openDialog, setOpenDialog] = useState(false);
  const folderInput = useRef<FolderInputHandle>(null);
  const [bulkError, setBulkError] = useState<string | null>(null);

  const revalidateSoon = useCoalescedRevalidate();
  const getHeaders = useAuthHeaders();
  // Search by image: the matches replace the grid until "Back" or any navigation.
  const imageSearch = useImageSearch(getHeaders);
  const { forget: forgetImage } = imageSearch;
  useEffect(() => forgetImage(), [location.key, forgetImage]);
  const queue = useUploadQueue({
    url: "/app/upload",
    concurrency: 3,
    getHeaders,
    onFinished: (o) => {
      if (o.status === "created") revalidateSoon();
    },
  });
  const processing = items.some((a) => a.latestVersion?.processing === "pending");
  useRevalidateWhile(processing || data.seeding);

  // Keep the selection to what is on screen.
  useEffect(() => {
    setSelected((sel) => {
      const visible = new Set(items.map((a) => a.id));
      const next = new Set([...sel].filter((id) => visible.has(id)));
      return next.size === sel.size ? sel : next;
    });
  }, [items]);

  // Bulk outcome → toast (success) or banner (error).
  useEffect(() => {
    if (bulk.state !== "idle" || !bulk.data) return;
    if (bulk.data.ok) {
      notify(bulk.data.message);
      setSelected(new Set());
      setTagModal(false);
      setCollectionModal(false);
      setBulkError(null);
    } else setBulkError(bulk.data.error);
  }, [bulk.state, bulk.data, notify]);

  const applyFilters = useCallback(
    (patch: FilterPatch) => {
      const onlyView = Object.keys(patch).length === 1 && "view" in patch;
      setSearchParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === null || v === undefined || v === "") next.delete(k);
            else next.set(k, v);
          }
          if (!onlyView) next.delete("cursor");
          return next;
        },
        { replace: "q" in patch, preventScrollReset: true }
      );
    },
    [setSearchParams]
  );

  const submitBulk = (intent: "archive" | "unarchive" | "tag" | "collection.add" | "collection.remove", extra: { tags?: string[]; collectionId?: string; newName?: string } = {}) => {
    const form = new FormData();
    form.set("intent", intent);
    for (const id of selected) form.append("ids", id);
    for (const t of extra.tags ?? []) form.append("tags", t);
    if (extra.collectionId) form.set("collectionId", extra.collectionId);
    if (extra.newName !== undefined) form.set("newName", extra.newName);
    bulk.submit(form, { method: "post" });
  };

  // Keyset pages: the cursors we came through live in history state, so Previous works without offsets.
  const stack = useMemo(() => {
    const s = (location.state as { cursors?: unknown } | null)?.cursors;
    return Array.isArray(s) ? s.filter((x): x is string => typeof x === "string") : [];
  }, [location.state]);
  const goToCursor = (cursor: string | null, cursors: string[]) => {
    const next = new URLSearchParams(searchParams);
    if (cursor) next.set("cursor", cursor);
    else next.delete("cursor");
    navigate({ search: next.toString() }, { state: { cursors } });
  };

  // An authenticated request for a one-minute signed link, then a navigation the browser saves itself.
  const download = (rendition: string | null) =>
    downloadZip(getHeaders, [...selected], rendition).catch((e: Error) => setBulkError(e.message));
  const currentCollection = data.collections.find((c) => c.id === filters.collection) ?? null;
  const loading = navigation.state === "loading" && navigation.location.pathname === location.pathname;
  const hasFilters = Boolean(filters.q || filters.kind || filters.state || filters.tag || filters.collection);
  const isBusy = bulk.state !== "idle";
  const bulkActions = [
    ...(data.can.archive
      ? [
          filters.archived
            ? { content: "Unarchive", onAction: () => submitBulk("unarchive"), disabled: isBusy }
            : { content: "Archive", onAction: () => submitBulk("archive"), disabled: isBusy },
        ]
      : []),
    ...(data.can.edit ? [{ content: "Add tag…", onAction: () => setTagModal(true), disabled: isBusy }] : []),
    ...(data.can.edit ? [{ content: "Add to collection…", onAction: () => setCollectionModal(true), disabled: isBusy }] : []),
    ...(data.can.edit && currentCollection
      ? [{ content: "Remove from collection", onAction: () => submitBulk("collection.remove", { collectionId: currentCollection.id }), disabled: isBusy }]
      : []),
    ...(data.can.download
      ? [
          { content: "Download", onAction: () => void download(null), disabled: isBusy },
          { content: "Download previews", onAction: () => void download("preview"), disabled: isBusy },
        ]
      : []),
    ...(data.can.share ? [{ content: "Share…", onAction: () => navigate(`/app/shares?ids=${[...selected].join(",")}`), disabled: isBusy }] : []),
  ];

  let content;
  if (imageSearch.state) {
    content = <ImageSearchResults search={imageSearch.state} onBack={forgetImage} />;
  } else if (!items.length && data.search) {
    content = <NoResults search={data.search} />;
  } else if (!items.length) {
    content = hasFilters ? (
      <Box padding="800">
        <EmptySearchResult title="No assets found" description="Try changing the filters or the search term." withIllustration />
      </Box>
    ) : filters.archived ? (
      <Box padding="800">
        <EmptySearchResult title="No archived assets" description="Archived assets are hidden from the library and can be restored here." />
      </Box>
    ) : (
      <EmptyLibrary onUpload={() => setOpenDialog(true)} />
    );
  } else if (filters.view === "list") {
    content = (
      <AssetTable
        items={items}
        selected={selected}
        onSelectionChange={(ids) => setSelected(new Set(ids))}
        promotedBulkActions={bulkActions}
        loading={loading}
      />
    );
  } else {
    const all = selected.size === items.length;
    content = (
      <Box padding="400" paddingBlockStart="300">
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <InlineStack gap="300" blockAlign="center">
              <Checkbox
                label={selected.size ? `${selected.size} selected` : `Select all ${items.length}`}
                checked={all ? true : selected.size ? "indeterminate" : false}
                onChange={() => setSelected(all ? new Set() : new Set(items.map((a) => a.id)))}
              />
              {selected.size > 0 && (
                <ButtonGroup>
                  {bulkActions.map((a) => (
                    <Button
                      key={a.content}
                      size="slim"
                      onClick={a.onAction}
                      disabled={a.disabled}
                      loading={isBusy && !a.content.endsWith("…")}
                    >
                      {a.content}
                    </Button>
                  ))}
                </ButtonGroup>
              )}
            </InlineStack>
            <Text as="span" variant="bodySm" tone="subdued">
              {processing
                ? "Processing new files…"
                : data.search
                  ? `${items.length} shown`
                  : `${items.length}${data.nextCursor ? "+" : ""} ${items.length === 1 ? "asset" : "assets"}`}
            </Text>
          </InlineStack>
          <div style={{ opacity: loading ? 0.6 : 1, transition: "opacity 150ms" }}>
            <AssetGrid items={items} selected={selected} onToggle={(id, on) => setSelected((s) => toggled(s, id, on))} />
          </div>
        </BlockStack>
      </Box>
    );
  }

  return (
    <Page
      title={currentCollection ? currentCollection.name : "Library"}
      subtitle={currentCollection ? "Collection" : undefined}
      backAction={currentCollection ? { content: "Collections", url: "/app/collections" } : undefined}
      fullWidth
      primaryAction={data.can.upload ? { content: "Upload", icon: UploadIcon, onAction: () => setOpenDialog(true) } : undefined}
      secondaryActions={[
        ...(data.can.upload ? [{ content: "Upload folder", icon: FolderIcon, onAction: () => folderInput.current?.open() }] : []),
        ...(currentCollection && data.can.share ? [{ content: "Share collection", url: `/app/shares?collection=${currentCollection.id}` }] : []),
      ]}
    >
      {data.can.upload && <PageDropZone openFileDialog={openDialog} onDialogOpened={() => setOpenDialog(false)} onFiles={queue.add} />}
      {data.can.upload && <FolderInput ref={folderInput} onFiles={queue.add} />}
      <BlockStack gap="400">
        {data.notice && (
          <Banner tone="warning" title="Some of the address was ignored">
            <p>{data.notice}</p>
          </Banner>
        )}
        {bulkError && (
          <Banner tone="critical" onDismiss={() => setBulkError(null)}>
            <p>{bulkError}</p>
          </Banner>
        )}
        <UploadPanel queue={queue} addVersionAction="/app/add-version" />
        <InlineGrid columns={data.search?.facets.length ? { xs: 1, md: "260px minmax(0, 1fr)" } : 1} gap="400" alignItems="start">
          {data.search && data.search.facets.length > 0 && <FacetPanel search={data.search} />}
          <Card padding="0">
            <Box padding="300" paddingBlockEnd="0">
              <LibrarySearchForm q={filters.q} search={data.search} keep={data.keep} onImage={(f) => void imageSearch.searchBy(f)} />
            </Box>
            <LibraryToolbar filters={filters} tags={data.tags} collections={data.collections} loading={loading} hideQuery onChange={applyFilters} />
            {data.search && !imageSearch.state && (
              <Box paddingInline="400" paddingBlockStart="300">
                <SearchSummary search={data.search} />
              </Box>
            )}
            <div id="library-panel" data-seeding={data.seeding ? "true" : "false"}>
              {content}
            </div>
          </Card>
        </InlineGrid>
        {(data.cursor || data.nextCursor) && !imageSearch.state && (
          <InlineStack align="center">
            <Pagination
              hasPrevious={Boolean(data.cursor)}
              onPrevious={() => goToCursor(stack[stack.length - 1] || null, stack.slice(0, -1))}
              hasNext={Boolean(data.nextCursor)}
              onNext={() => goToCursor(data.nextCursor, [...stack, data.cursor ?? ""])}
              label={data.cursor && !stack.length ? "" : `Page ${stack.length + 1}`}
            />
          </InlineStack>
        )}
      </BlockStack>
      <AddTagModal
        open={tagModal}
        count={selected.size}
        loading={isBusy}
        onClose={() => setTagModal(false)}
        onSubmit={(labels) => submitBulk("tag", { tags: labels })}
      />
      <AddToCollectionModal
        open={collectionModal}
        count={selected.size}
        collections={data.collections}
        loading={isBusy}
        onClose={() => setCollectionModal(false)}
        onSubmit={(t) => submitBulk("collection.add", t)}
      />
    </Page>
  );
}

function toggled(set: Set<string>, id: string, on: boolean) {
  const next = new Set(set);
  if (on) next.add(id);
  else next.delete(id);
  return next;
}
