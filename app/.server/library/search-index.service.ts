// Keeps Asset.searchText / searchVector current (issue #7).
//
// reindexAsset runs synchronously, inside the transaction of every change to what is indexed (title,
// description, campaign, tags and their decisions, the latest version and its OCR text): the search
// reflects the change the moment it commits, with no job, queue lag or stale window, and a rolled-back
// change leaves the index as it was. It is CPU only (jieba segmentation of a few hundred characters,
// well under a millisecond once the dictionary is loaded) plus one read and one UPDATE, so it does not
// break the "no I/O inside a transaction" rule.
import type { Prisma, Tx } from "../db/database";
import { indexText } from "./search";
import { findSearchSource, listAssetsToIndex, writeSearchIndex } from "./search-index.repository";

const HAN_RUN = /\p{Script=Han}+/gu;

export interface SearchSource {
  title: string;
  description: string;
  campaign: string | null;
  tags: Array<{ tag: { name: string; label: string; labelZh: string | null } }>;
  latestVersion: { originalFilename: string; ocrText: string | null } | null;
}

/**
 * The index of an asset. searchText = indexText() of everything (words, Chinese segmented with its
 * sub-words) followed by the raw Chinese runs, so that ILIKE finds a Chinese substring the segmentation
 * split ("季新" in 春季新品); titleText / restText feed the weighted tsvector.
 */
export function buildSearchIndex(s: SearchSource): { searchText: string; titleText: string; restText: string } {
  const filename = s.latestVersion?.originalFilename.replace(/\.[A-Za-z0-9]{1,5}$/, "") ?? "";
  const tags = s.tags.flatMap((t) => [t.tag.label, t.tag.name, t.tag.labelZh ?? ""]);
  const rest = [s.description, s.campaign ?? "", ...tags, s.latestVersion?.ocrText ?? "", filename].filter(Boolean).join("\n");
  const titleText = indexText(s.title);
  const restText = indexText(rest);
  const words = indexText(`${s.title}\n${rest}`);
  const runs = [...new Set(`${s.title}\n${rest}`.normalize("NFKC").match(HAN_RUN) ?? [])].filter((r) => [...r].length > 2);
  const searchText = [words, ...runs].filter(Boolean).join(" ").slice(0, 100_000);
  return { searchText, titleText, restText };
}

/** Rebuilds one asset's index (call it in the transaction that changed it; a missing asset is a no-op). */
export async function reindexAsset(db: Tx, shopId: string, assetId: string): Promise<void> {
  const source = await findSearchSource(db, shopId, assetId);
  if (!source) return;
  await writeSearchIndex(db, shopId, assetId, buildSearchIndex(source));
}

/**
 * Backfill: indexes the assets that have no index yet (all of them with `all`), a batch per
 * transaction. Run at start-up by the process that runs jobs, and by `npx tsx scripts/reindex.ts`.
 */
export async function backfillSearchIndex(prisma: Prisma, opts: { all?: boolean; batch?: number } = {}): Promise<number> {
  let after: { shopId: string; id: string } | null = null;
  let done = 0;
  for (;;) {
    const rows = await listAssetsToIndex(prisma, { all: opts.all ?? false, after, limit: opts.batch ?? 200 });
    if (!rows.length) return done;
    await prisma.$transaction(async (tx) => {
      for (const r of rows) await reindexAsset(tx, r.shopId, r.id);
    });
    done += rows.length;
    after = rows[rows.length - 1]!;
  }
}
