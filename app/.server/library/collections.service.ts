// Collections (orchestration): named groups of assets that filter the library, pick the approval chain
// of their assets and can be shared whole. Everyone sees the shop's collections; what is inside them is
// always limited to the caller's markets.
import { z } from "zod";
import type { Prisma, Tx } from "../db/database";
import { AppError, notFound, valid } from "../errors";
import { authorize } from "../governance/authorize";
import { writeAudit } from "../governance/audit.repository";
import { marketScope, type Principal } from "../governance/policy";
import { findOwnedAssetIds } from "./assets.repository";
import {
  addCollectionAssets,
  collectionAssetIds,
  collectionsOfAsset,
  createCollectionRow,
  deleteCollectionRow,
  findCollectionByName,
  findCollectionRow,
  listCollectionRows,
  removeCollectionAssets,
  updateCollectionRow,
} from "./collections.repository";
import type { Actor } from "./types";

export const CollectionName = z.string().trim().min(1, "Name the collection.").max(80, "Use at most 80 characters for the name.");
export const CollectionDescription = z.string().trim().max(500, "Use at most 500 characters for the description.");

export interface CollectionSummary {
  id: string;
  name: string;
  description: string;
  /** Active assets in the caller's markets. */
  assetCount: number;
  approvalChain: { id: string; name: string } | null;
  createdAt: Date;
}

export async function listCollections(prisma: Prisma, shopId: string, caller: Principal): Promise<CollectionSummary[]> {
  authorize(caller, "asset.view");
  const rows = await listCollectionRows(prisma, shopId, marketScope(caller));
  return rows.map((c) => ({
    id: c.id,
    name: c.name,
    description: c.description,
    assetCount: c._count.assets,
    approvalChain: c.approvalChains[0] ?? null,
    createdAt: c.createdAt,
  }));
}

export async function getCollection(prisma: Prisma, shopId: string, caller: Principal, id: string) {
  authorize(caller, "asset.view");
  const row = await findCollectionRow(prisma, shopId, id);
  if (!row) throw notFound("That collection");
  const assetIds = await collectionAssetIds(prisma, shopId, id, marketScope(caller));
  return { collection: row, assetIds };
}

export const collectionsOf = (prisma: Prisma, shopId: string, assetId: string) => collectionsOfAsset(prisma, shopId, assetId);

async function assertNameFree(tx: Tx, shopId: string, name: string, except?: string) {
  const clash = await findCollectionByName(tx, shopId, name);
  if (clash && clash.id !== except) throw new AppError("conflict", `A collection named “${clash.name}” already exists.`);
}

export async function createCollection(prisma: Prisma, shopId: string, actor: Actor, input: { name: string; description?: string; assetIds?: string[] }) {
  authorize(actor, "asset.edit");
  const name = valid(CollectionName, input.name);
  const description = valid(CollectionDescription, input.description ?? "");
  return prisma.$transaction(async (tx) => {
    await assertNameFree(tx, shopId, name);
    const row = await createCollectionRow(tx, shopId, { name, description, createdBy: actor.name });
    const ids = input.assetIds?.length ? (await findOwnedAssetIds(tx, shopId, marketScope(actor), input.assetIds)).map((a) => a.id) : [];
    if (ids.length) await addCollectionAssets(tx, row.id, ids);
    await writeAudit(tx, shopId, actor, { action: "collection.created", subjectType: "collection", subjectId: row.id, data: { name, assets: ids.length } });
    return row;
  });
}

export async function updateCollection(prisma: Prisma, shopId: string, actor: Actor, id: string, input: { name?: string; description?: string }) {
  authorize(actor, "asset.edit");
  await prisma.$transaction((tx) => applyUpdate(tx, shopId, actor, id, input));
}

/** Rename/describe and add/remove assets as one change: all of it happens, or none. */
export async function editCollection(
  prisma: Prisma,
  shopId: string,
  actor: Actor,
  id: string,
  input: { name?: string; description?: string; add?: string[]; remove?: string[] },
) {
  authorize(actor, "asset.edit");
  await prisma.$transaction(async (tx) => {
    if (input.name !== undefined || input.description !== undefined) await applyUpdate(tx, shopId, actor, id, input);
    if (input.add?.length || input.remove?.length) await applyAssetChange(tx, shopId, actor, id, input);
  });
}

async function applyUpdate(tx: Tx, shopId: string, actor: Actor, id: string, input: { name?: string; description?: string }) {
  const name = input.name === undefined ? undefined : valid(CollectionName, input.name);
  const description = input.description === undefined ? undefined : valid(CollectionDescription, input.description);
  const before = await findCollectionRow(tx, shopId, id);
  if (!before) throw notFound("That collection");
  if (name !== undefined) await assertNameFree(tx, shopId, name, id);
  await updateCollectionRow(tx, shopId, id, { name, description });
  await writeAudit(tx, shopId, actor, {
    action: "collection.updated",
    subjectType: "collection",
    subjectId: id,
    data: { ...(name !== undefined && name !== before.name ? { name: { from: before.name, to: name } } : {}), ...(description !== undefined ? { description: true } : {}) },
  });
}

/**
 * Deleting a collection keeps its assets. A collection that decides an approval chain must lose the
 * chain first, so versions under review never silently fall back to another chain.
 */
export async function deleteCollection(prisma: Prisma, shopId: string, actor: Actor, id: string) {
  authorize(actor, "asset.edit");
  await prisma.$transaction(async (tx) => {
    const row = await findCollectionRow(tx, shopId, id);
    if (!row) throw notFound("That collection");
    const chain = row.approvalChains[0];
    if (chain) throw new AppError("invalid_state", `“${row.name}” decides the approval chain “${chain.name}”; delete that chain on the Members page first.`);
    await deleteCollectionRow(tx, shopId, id);
    await writeAudit(tx, shopId, actor, { action: "collection.deleted", subjectType: "collection", subjectId: id, data: { name: row.name } });
  });
}

/** Adds or removes assets the caller may edit; answers how many changed. */
export async function changeCollectionAssets(prisma: Prisma, shopId: string, actor: Actor, id: string, change: { add?: string[]; remove?: string[] }) {
  authorize(actor, "asset.edit");
  if (!change.add?.length && !change.remove?.length) throw new AppError("validation", "Pick at least one asset to add or remove.");
  return prisma.$transaction((tx) => applyAssetChange(tx, shopId, actor, id, change));
}

async function applyAssetChange(tx: Tx, shopId: string, actor: Actor, id: string, change: { add?: string[]; remove?: string[] }) {
  const add = change.add ?? [];
  const remove = change.remove ?? [];
  const row = await findCollectionRow(tx, shopId, id);
  if (!row) throw notFound("That collection");
  const owned = new Set((await findOwnedAssetIds(tx, shopId, marketScope(actor), [...add, ...remove])).map((a) => a.id));
  const missing = [...add, ...remove].filter((a) => !owned.has(a));
  if (missing.length) throw new AppError("not_found", `${missing.length} of the selected assets were not found.`);
  const added = add.length ? await addCollectionAssets(tx, id, add) : 0;
  const removed = remove.length ? await removeCollectionAssets(tx, shopId, id, remove) : 0;
  if (added || removed)
    await writeAudit(tx, shopId, actor, { action: "collection.assets_changed", subjectType: "collection", subjectId: id, data: { name: row.name, added, removed } });
  return { added, removed, name: row.name };
}
