// Share links (Governance §4, DESIGN §8): 128-bit tokens stored hashed, optional Argon2id password,
// expiry and revocation enforced here, preview-only links that only ever serve downscaled watermarked
// images, rate-limited password guesses, and an access log with hashed IPs.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { hash as argonHash, verify as argonVerify } from "@node-rs/argon2";
import type { AppServices } from "../context";
import type { Prisma } from "../db/database";
import { AppError } from "../errors";
import { FailureLimiter } from "../http/rate-limit";
import { findOwnedAssetIds } from "../library/assets.repository";
import { collectionAssetIds, findCollectionRow } from "../library/collections.repository";
import { upsertBlob } from "../library/blobs.repository";
import { createRendition } from "../library/versions.repository";
import type { Actor } from "../library/types";
import { watermarkedPreview } from "../media/watermark";
import { writeAudit } from "./audit.repository";
import { authorize } from "./authorize";
import { marketScope } from "./policy";
import { rightsBlock } from "./rights";
import {
  createShareRow,
  findShareByTokenHash,
  listShareAccess,
  listShareRows,
  recordShareAccess,
  revokeShareRow,
  sharedAssets,
} from "./shares.repository";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
export const SHARE_PREVIEW_RECIPE = "wm-v1";
const perLink = new FailureLimiter(10, 10 * 60_000);
const perIp = new FailureLimiter(20, 10 * 60_000);

export interface ShareInput {
  name: string;
  /** A selection of assets … */
  assetIds: string[];
  /** … or a whole collection: the link follows what the collection holds when it is opened. */
  collectionId?: string | null;
  expiresAt: Date | null;
  password: string | null;
  previewOnly: boolean;
}

export async function createShare(prisma: Prisma, shopId: string, actor: Actor, input: ShareInput, now = new Date()) {
  authorize(actor, "share.create");
  const collectionId = input.collectionId ?? null;
  if (collectionId && input.assetIds.length) throw new AppError("validation", "Share either a selection of assets or a collection, not both.");
  if (!collectionId && !input.assetIds.length) throw new AppError("validation", "Pick at least one asset to share.");
  if (input.expiresAt && input.expiresAt <= now) throw new AppError("validation", "The expiry must be in the future.");
  if (input.password !== null && input.password.length < 6) throw new AppError("validation", "Use a password of at least 6 characters.");
  const scope = marketScope(actor);
  if (collectionId) {
    // Assets whose rights block sharing drop out of a collection link when it is opened.
    if (!(await findCollectionRow(prisma, shopId, collectionId))) throw new AppError("not_found", "That collection was not found.");
  } else {
    const owned = new Set((await findOwnedAssetIds(prisma, shopId, scope, input.assetIds)).map((a) => a.id));
    const missing = input.assetIds.filter((id) => !owned.has(id));
    if (missing.length) throw new AppError("not_found", `${missing.length} of the selected assets were not found.`);
    const assets = await sharedAssets(prisma, shopId, input.assetIds, scope);
    const blocked = assets.map((a) => ({ a, why: rightsBlock(a.rights, {}, now) })).filter((x) => x.why);
    if (blocked.length) throw new AppError("forbidden", `“${blocked[0]!.a.title}” cannot be shared: ${blocked[0]!.why}`);
  }
  const token = randomBytes(16).toString("base64url"); // 128 bits
  const passwordHash = input.password ? await argonHash(input.password) : null; // Argon2id by default
  const row = await prisma.$transaction(async (tx) => {
    const share = await createShareRow(tx, shopId, {
      tokenHash: sha256(token),
      name: input.name,
      assetIds: collectionId ? [] : input.assetIds,
      collectionId,
      scoped: scope !== null,
      scopeMarkets: scope ?? [],
      passwordHash,
      expiresAt: input.expiresAt,
      previewOnly: input.previewOnly,
      createdBy: actor.name,
    });
    await writeAudit(tx, shopId, actor, {
      action: "share.created",
      subjectType: "share",
      subjectId: share.id,
      data: { name: input.name, ...(collectionId ? { collectionId } : { assets: input.assetIds.length }), previewOnly: input.previewOnly, expiresAt: input.expiresAt?.toISOString() ?? null, password: Boolean(passwordHash) },
    });
    return share;
  });
  return { share: row, token, path: `/s/${token}` };
}

export async function listShares(prisma: Prisma, shopId: string, actor: Actor) {
  authorize(actor, "share.create");
  return listShareRows(prisma, shopId);
}

export async function shareAccessLog(prisma: Prisma, shopId: string, actor: Actor, shareId: string) {
  authorize(actor, "share.create");
  return listShareAccess(prisma, shopId, shareId);
}

export async function revokeShare(prisma: Prisma, shopId: string, actor: Actor, id: string) {
  authorize(actor, "share.create");
  await prisma.$transaction(async (tx) => {
    const res = await revokeShareRow(tx, shopId, id);
    if (!res.count) throw new AppError("not_found", "That link was not found or is already revoked.");
    await writeAudit(tx, shopId, actor, { action: "share.revoked", subjectType: "share", subjectId: id });
  });
}

type ShareRow = NonNullable<Awaited<ReturnType<typeof findShareByTokenHash>>>;

/** The value of the cookie that proves the password was given for this link. */
export const passwordProof = (share: { tokenHash: string; passwordHash: string | null }) =>
  createHmac("sha256", share.tokenHash).update(share.passwordHash ?? "").digest("base64url");

export interface Visitor {
  ip: string;
  /** The proof cookie's value, if any. */
  proof?: string | null;
}

const ipHash = (share: ShareRow, ip: string) => createHmac("sha256", share.shop.mediaKey).update(ip).digest("hex").slice(0, 32);

/** Opens a link: refuses unknown, revoked and expired ones, and asks for the password when set. */
export async function openShare(prisma: Prisma, token: string, visitor: Visitor, now = new Date()): Promise<ShareRow> {
  const share = /^[A-Za-z0-9_-]{22}$/.test(token) ? await findShareByTokenHash(prisma, sha256(token)) : null;
  if (!share || share.shop.uninstalledAt) throw new AppError("not_found", "This link does not exist.");
  if (share.revokedAt) throw new AppError("gone", "This link was revoked by the shop.");
  if (share.expiresAt && share.expiresAt <= now) throw new AppError("gone", `This link expired on ${share.expiresAt.toISOString().slice(0, 10)}.`);
  if (share.passwordHash) {
    const given = visitor.proof ? Buffer.from(visitor.proof) : Buffer.alloc(0);
    const expected = Buffer.from(passwordProof(share));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError("password_required", "This link is protected by a password.");
  }
  return share;
}

/** Checks a password; on success answers the proof to keep in a cookie. Failures are rate-limited. */
export async function unlockShare(prisma: Prisma, token: string, password: string, visitor: Visitor, now = new Date()): Promise<string> {
  const share = /^[A-Za-z0-9_-]{22}$/.test(token) ? await findShareByTokenHash(prisma, sha256(token)) : null;
  if (!share || !share.passwordHash) throw new AppError("not_found", "This link does not exist.");
  await openShare(prisma, token, { ip: visitor.ip, proof: passwordProof(share) }, now); // revoked / expired first
  const ipKey = ipHash(share, visitor.ip);
  if (perLink.blocked(share.id) || perIp.blocked(ipKey)) throw new AppError("rate_limited", "Too many wrong passwords. Wait ten minutes and try again.");
  if (!(await argonVerify(share.passwordHash, password))) {
    perLink.fail(share.id);
    perIp.fail(ipKey);
    await recordShareAccess(prisma, share.shopId, { shareId: share.id, action: "password_failed", assetId: null, ipHash: ipKey });
    throw new AppError("password_required", "That password is not right.");
  }
  return passwordProof(share);
}

export async function logShareAccess(prisma: Prisma, share: ShareRow, visitor: Visitor, action: "open" | "preview" | "download", assetId: string | null) {
  await recordShareAccess(prisma, share.shopId, { shareId: share.id, action, assetId, ipHash: ipHash(share, visitor.ip) });
}

/**
 * The shared assets a visitor may see now: a collection link's current contents, or the selection;
 * archived, rights-blocked and (for a creator with a market scope) out-of-scope assets drop out.
 */
export async function assetsOfShare(prisma: Prisma, share: ShareRow, now = new Date()) {
  const scope = share.scoped ? share.scopeMarkets : null;
  const ids = share.collectionId ? await collectionAssetIds(prisma, share.shopId, share.collectionId, scope) : share.assetIds;
  const assets = await sharedAssets(prisma, share.shopId, ids, scope);
  const order = new Map(ids.map((id, i) => [id, i]));
  return assets.filter((a) => !rightsBlock(a.rights, {}, now)).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}

type SharedAsset = Awaited<ReturnType<typeof assetsOfShare>>[number];
export const versionShown = (a: SharedAsset) => a.liveVersion ?? a.latestVersion;

/** The watermarked preview of a shared asset, made once per version and kept as a rendition. */
export async function sharePreviewBlob(services: AppServices, share: ShareRow, a: SharedAsset) {
  const v = versionShown(a);
  if (!v) throw new AppError("not_found", "This asset has no version yet.");
  const existing = v.renditions.find((r) => r.presetId === "share.preview");
  if (existing) return existing.blob;
  const source = v.renditions.find((r) => r.presetId === "preview");
  if (!source) throw new AppError("unavailable", "The preview is still being made; try again in a moment.");
  await mkdir(path.join(services.config.dataDir, "tmp"), { recursive: true });
  const work = await mkdtemp(path.join(services.config.dataDir, "tmp", "share-"));
  try {
    const out = path.join(work, "share.jpg");
    const dims = await services.blobs.withLocalFile(source.blob.storageKey, (file) => watermarkedPreview(file, out, `PREVIEW · ${share.shop.name}`));
    const ref = await services.blobs.putFile(share.shopId, out, { consume: true });
    return services.db.prisma.$transaction(async (tx) => {
      const blob = await upsertBlob(tx, share.shopId, { sha256: ref.sha256, bytes: ref.bytes, mime: "image/jpeg", storageKey: ref.key });
      await createRendition(tx, share.shopId, { versionId: v.id, presetId: "share.preview", recipeHash: SHARE_PREVIEW_RECIPE, blobId: blob.id, mime: "image/jpeg", width: dims.width, height: dims.height, bytes: dims.bytes });
      return blob;
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
