// Settings → Channel presets (issue #5 §1): a shop overrides a built-in preset's values or whether it is
// built for every new version, and adds custom presets based on a built-in one. Admins only; audited.
// A changed preset has a new recipe hash, so renditions are rebuilt rather than overwritten.
import { z } from "zod";
import { AppError, notFound, valid } from "../errors";
import { writeAudit } from "../governance/audit.repository";
import { authorize } from "../governance/authorize";
import type { Prisma } from "../db/database";
import type { Actor } from "../library/types";
import type { Prisma as P } from "../../.generated/prisma/client";
import { isPresetId } from "./presets";
import { deleteShopPreset, listShopPresetRows, upsertShopPreset } from "./renditions.repository";
import type { JobQueue } from "../jobs/queue";
import { backfillRenditions, loadShopPresets } from "./renditions.service";
import { CustomPresetId, LIBRARY_PRESETS, PresetOverrides } from "./shop-presets";

export const PresetChange = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("builtin"), presetId: z.string(), eager: z.boolean().nullable(), overrides: PresetOverrides }),
  z.object({
    kind: z.literal("custom"),
    presetId: CustomPresetId,
    basePresetId: z.string().refine((s) => isPresetId(s) && !LIBRARY_PRESETS.includes(s), "Base it on one of the channel presets."),
    label: z.string().trim().min(1, "Give the preset a name.").max(80, "Use at most 80 characters."),
    eager: z.boolean().nullable(),
    overrides: PresetOverrides,
  }),
]);
export type PresetChange = z.infer<typeof PresetChange>;

export async function presetsForSettings(prisma: Prisma, shopId: string, actor: Actor) {
  authorize(actor, "asset.view");
  return loadShopPresets(prisma, shopId);
}

/** Saves a change; a preset switched to "build for every new version" is backfilled for existing images. */
export async function savePreset(deps: { prisma: Prisma; queue: JobQueue }, shopId: string, actor: Actor, input: unknown) {
  const { prisma } = deps;
  authorize(actor, "channel.manage");
  const change = valid(PresetChange, input);
  if (change.kind === "builtin" && (!isPresetId(change.presetId) || LIBRARY_PRESETS.includes(change.presetId)))
    throw new AppError("validation", `“${change.presetId}” is not a channel preset.`);
  const row = {
    presetId: change.presetId,
    basePresetId: change.kind === "custom" ? change.basePresetId : null,
    label: change.kind === "custom" ? change.label : null,
    eager: change.eager,
    overrides: change.overrides as P.InputJsonValue,
  };
  await prisma.$transaction(async (tx) => {
    await upsertShopPreset(tx, shopId, row);
    await writeAudit(tx, shopId, actor, { action: "preset.saved", subjectType: "preset", subjectId: null, data: { ...row, presetId: change.presetId } });
  });
  const saved = (await loadShopPresets(prisma, shopId)).find((p) => p.preset.id === change.presetId)!;
  if (saved.eager) await backfillRenditions(deps, shopId, [saved.preset.id]);
  return saved;
}

/** A custom preset is deleted; a built-in one goes back to its defaults. */
export async function resetPreset(prisma: Prisma, shopId: string, actor: Actor, presetId: string) {
  authorize(actor, "channel.manage");
  const rows = await listShopPresetRows(prisma, shopId);
  if (!rows.some((r) => r.presetId === presetId)) throw notFound(`A shop setting for “${presetId}”`);
  await prisma.$transaction(async (tx) => {
    await deleteShopPreset(tx, shopId, presetId);
    await writeAudit(tx, shopId, actor, { action: presetId.startsWith("custom.") ? "preset.deleted" : "preset.reset", subjectType: "preset", subjectId: null, data: { presetId } });
  });
}
