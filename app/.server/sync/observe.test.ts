import { describe, expect, it } from "vitest";
import { slotAt, type ChannelIssue } from "../../../connectors/channel";
import { toPublished, type CurrentMedia } from "../../../connectors/shopify/media";
import { failedInPassing, observedFromChannel, withoutPassingFailures } from "./observe";
import type { ObservedImage } from "./planner";

const download: ChannelIssue = { code: "IMAGE_DOWNLOAD_FAILURE", message: "could not be downloaded", severity: "error", transient: true };
const resolution: ChannelIssue = { code: "INVALID_IMAGE_RESOLUTION", message: "too many pixels", severity: "error" };
const img = (sourceKey: string | null, i: number, state: ObservedImage["state"] = "ready", issues: ChannelIssue[] = []): ObservedImage => ({
  slot: slotAt(i),
  externalRef: `ref-${sourceKey ?? "theirs"}-${i}`,
  sourceKey,
  fingerprint: `fp-${i}`,
  state,
  issues,
});
const placement = (state: string, appliedSourceKey: string | null, desiredSourceKey: string | null = appliedSourceKey) => ({
  id: `p-${state}`,
  slot: "main",
  state,
  appliedSourceKey,
  desiredSourceKey,
  externalRef: null,
  fingerprint: null,
  lastSyncedAt: null,
});

describe("images the channel failed in passing", () => {
  it("are ours, failed, and every error transient", () => {
    expect(failedInPassing(img("v2", 0, "failed", [download]))).toBe(true);
    expect(failedInPassing(img("v2", 0, "failed", [download, { ...resolution, severity: "warning" }]))).toBe(true);
    expect(failedInPassing(img("v2", 0, "failed", [download, resolution]))).toBe(false);
    expect(failedInPassing(img("v2", 0, "failed", []))).toBe(false); // no reason given: not known to pass
    expect(failedInPassing(img("v2", 0, "processing", [download]))).toBe(false);
    expect(failedInPassing(img(null, 0, "failed", [download]))).toBe(false); // not ours: left alone
  });

  it("are planned as absent (slots renumbered), so the image is sent again", () => {
    const seen = [img("v2", 0, "failed", [download]), img(null, 1), img("other", 2)];
    const out = withoutPassingFailures([placement("syncing", "v1", "v2")], seen);
    expect(out.map((s) => [s.slot, s.sourceKey])).toEqual([
      ["main", null],
      ["pos2", "other"],
    ]);
  });

  it("stay when they failed for a reason about the image, or once a placement meant to show them has failed", () => {
    const bad = [img("v2", 0, "failed", [resolution])];
    expect(withoutPassingFailures([placement("syncing", "v1", "v2")], bad)).toBe(bad);
    const passing = [img("v2", 0, "failed", [download])];
    // Its publish spent its attempts (applied v1, meant v2; or applied v2 and recorded failed): Retry starts over.
    expect(withoutPassingFailures([placement("failed", "v1", "v2")], passing)).toBe(passing);
    expect(withoutPassingFailures([placement("failed", "v2")], passing)).toBe(passing);
    expect(withoutPassingFailures([placement("pending", "v2")], passing)).toEqual([]);
  });

  it("Shopify's IMAGE_DOWNLOAD_FAILURE reads as transient, a resolution error does not", () => {
    const media = (code: string): CurrentMedia => ({ id: `gid://shopify/MediaImage/${code}`, status: "FAILED", sourceKey: "a".repeat(64), extension: "jpg", url: null, errors: [{ code, message: "m", details: null }] });
    const [dl, res] = observedFromChannel(toPublished([media("IMAGE_DOWNLOAD_FAILURE"), media("INVALID_IMAGE_RESOLUTION")]));
    expect(failedInPassing(dl!)).toBe(true);
    expect(failedInPassing(res!)).toBe(false);
  });
});
