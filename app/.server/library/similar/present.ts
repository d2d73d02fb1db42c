// The REST shape of a "find similar" match: the asset as the library lists it, and why it matched.
import { presentAsset } from "../present";

type Item = { asset: Parameters<typeof presentAsset>[1]; versionId: string; distance: number | null; colourDistance: number | null; score: number; reason: string; embeddingSimilarity?: number };

export const presentSimilar = (mediaKey: string, i: Item) => ({
  asset: presentAsset(mediaKey, i.asset),
  versionId: i.versionId,
  distance: i.distance,
  colourDistance: i.colourDistance,
  score: i.score,
  reason: i.reason,
  ...(i.embeddingSimilarity !== undefined ? { embeddingSimilarity: i.embeddingSimilarity } : {}),
});
