// Demo mode: once a sandbox channel's catalogue is imported, a sample packshot (approved, with a second
// one as its licence fallback) is placed as the main image of the first three listings, so the usage
// map, the Sync page, approvals reaching every channel and licence expiry can be tried at once.
import type { Prisma } from "../db/database";
import { setRights } from "../governance/rights.service";
import type { JobQueue } from "../jobs/queue";
import { changeVersionState, listLibrary } from "../library/assets.service";
import { browseListings } from "../sync/catalogue.service";
import { countPlacementsOfAccount } from "../sync/placements.repository";
import { placeAsset } from "../sync/placements.service";
import { DEMO_ACTOR } from "./demo";
import { findShopById } from "./shops.repository";

export async function seedDemoPlacements(deps: { prisma: Prisma; queue: JobQueue }, shopId: string, accountId: string): Promise<number> {
  const shop = await findShopById(deps.prisma, shopId);
  if (!shop?.isDemo || (await countPlacementsOfAccount(deps.prisma, shopId, accountId)) > 0) return 0;
  const packshots = (await listLibrary(deps, shopId, DEMO_ACTOR, { tag: "white background", kind: "image" }, { limit: 24 })).items.filter(
    (a) => !a.archivedAt && a.latestVersion?.processing === "ready",
  );
  const [hero, fallback] = packshots;
  if (!hero || !fallback) return 0; // the sample library is still being processed: nothing to place yet
  for (const a of [hero, fallback]) if (!a.liveVersionId && a.latestVersionId) await changeVersionState(deps, shopId, DEMO_ACTOR, a.latestVersionId, "approve");
  if (!hero.rights)
    await setRights(deps, shopId, DEMO_ACTOR, hero.id, {
      licensor: "Demo studio",
      licenceStart: null,
      licenceEnd: null,
      territories: [],
      channels: [],
      containsPeople: false,
      modelReleaseRef: null,
      fallbackAssetId: fallback.id,
    });
  const listings = (await browseListings(deps.prisma, shopId, DEMO_ACTOR, { accountId }, { limit: 3 })).items;
  if (!listings.length) return 0;
  await placeAsset(deps, shopId, DEMO_ACTOR, { assetId: hero.id, listingIds: listings.map((l) => l.id), slot: "main" });
  return listings.length;
}
