// The Duplicates page (issue #7): groups of near-duplicate images among the latest versions of the
// caller's non-archived assets (market scope respected), a page at a time, each with the survivor we
// suggest; and "Not duplicates", which keeps a pair apart from then on. See grouping.ts for the rules.
import type { Prisma } from "../../db/database";
import { AppError, notFound } from "../../errors";
import { authorize } from "../../governance/authorize";
import { writeAudit } from "../../governance/audit.repository";
import { inScope, marketScope, type Principal } from "../../governance/policy";
import { listAssetsByIds } from "../assets.repository";
import type { Actor } from "../types";
import { countPlacementsByAsset, findCandidatePairs, findDismissedPairs, findLatestColours, insertDismissals } from "./duplicates.repository";
import { decodeGroupCursor, groupKeyOf, groupPairs, judgePair, MAX_PHASH_DISTANCE, orderedPair, pageOfGroups, pairKey, suggestSurvivor, type DuplicatePair } from "./grouping";

/** Candidate pairs read at most (a library of near-identical images could have many); said when reached. */
export const PAIR_LIMIT = 200_000;
export const MAX_DISMISS = 50;

export interface DuplicatesDeps { prisma: Prisma }

export async function listDuplicateGroups(deps: DuplicatesDeps, shopId: string, caller: Principal, page: { cursor?: string | null; limit?: number } = {}) {
  authorize(caller, "asset.view");
  const db = deps.prisma;
  const limit = Math.min(50, Math.max(1, Math.floor(page.limit ?? 20)));
  const candidates = await findCandidatePairs(db, shopId, marketScope(caller), MAX_PHASH_DISTANCE, PAIR_LIMIT + 1);
  const truncated = candidates.length > PAIR_LIMIT;
  const ids = [...new Set(candidates.slice(0, PAIR_LIMIT).flatMap((p) => [p.a, p.b]))];
  const colours = await findLatestColours(db, shopId, ids);
  const pairs = candidates.slice(0, PAIR_LIMIT).flatMap((p) => judgePair(p, colours) ?? []);
  const inPairs = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
  const dismissed = new Set((await findDismissedPairs(db, shopId, inPairs)).map((d) => pairKey(d.a, d.b)));
  const groups = groupPairs(pairs, dismissed);
  const { page: shown, nextCursor } = pageOfGroups(groups, decodeGroupCursor(page.cursor), limit);

  const shownIds = shown.flat();
  const assets = new Map((await listAssetsByIds(db, shopId, shownIds)).map((a) => [a.id, a]));
  const placements = await countPlacementsByAsset(db, shopId, shownIds);
  const pairsOf = new Map<string, DuplicatePair[]>();
  const groupOf = new Map(shown.flatMap((g) => g.map((id) => [id, groupKeyOf(g).key] as const)));
  for (const p of pairs) {
    const g = groupOf.get(p.a);
    if (g && g === groupOf.get(p.b) && !dismissed.has(pairKey(p.a, p.b))) pairsOf.set(g, [...(pairsOf.get(g) ?? []), p]);
  }
  return {
    groups: shown.map((members) => {
      const key = groupKeyOf(members).key;
      const rows = members.flatMap((id) => (assets.has(id) ? [{ asset: assets.get(id)!, placements: placements.get(id) ?? 0 }] : []));
      return {
        key,
        suggestedSurvivorId: suggestSurvivor(rows.map((r) => ({ id: r.asset.id, placements: r.placements, versions: r.asset.versionCount, createdAt: r.asset.createdAt }))),
        members: rows,
        pairs: pairsOf.get(key) ?? [],
      };
    }),
    totalGroups: groups.length,
    nextCursor,
    truncated,
  };
}
export type DuplicateGroups = Awaited<ReturnType<typeof listDuplicateGroups>>;

/** "Not duplicates": every pair among these assets is kept apart from now on (audited). */
export async function dismissDuplicates(deps: DuplicatesDeps, shopId: string, actor: Actor, assetIds: string[]) {
  const ids = [...new Set(assetIds.map((id) => id.toLowerCase()))];
  if (ids.length < 2) throw new AppError("validation", "Name at least two assets that are not duplicates of each other.");
  if (ids.length > MAX_DISMISS) throw new AppError("validation", `Name at most ${MAX_DISMISS} assets at once.`);
  return deps.prisma.$transaction(async (tx) => {
    const found = new Map((await listAssetsByIds(tx, shopId, ids)).map((a) => [a.id, a]));
    for (const id of ids) {
      const a = found.get(id);
      if (!a || !inScope(actor, a.markets)) throw notFound(`Asset ${id}`);
      authorize(actor, "asset.edit", a);
    }
    const pairs: Array<[string, string]> = [];
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) pairs.push(orderedPair(ids[i]!, ids[j]!));
    const res = await insertDismissals(tx, shopId, pairs, actor.name);
    for (const id of ids)
      await writeAudit(tx, shopId, actor, { action: "asset.not_duplicate", subjectType: "asset", subjectId: id, data: { others: ids.filter((x) => x !== id) } });
    return { pairs: pairs.length, added: res.count };
  });
}
