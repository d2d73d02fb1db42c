import { describe, expect, it } from "vitest";
import type { ChannelImage, SlotId } from "../channel";
import { desiredLocators, diffGallery, issuesBySlot, locatorsToSend, MAX_RESENDS, publishedImage, resendsOf, withResend } from "./gallery";
import { attributeOf, readLocators, slotOfAttribute, sourceKeyOf } from "./slots";

const SHA = "a".repeat(64);
const ext = (slot: SlotId, externalRef: string): ChannelImage => ({ kind: "external", slot, externalRef });
const ours = (slot: SlotId, url: string): ChannelImage => ({ kind: "managed", slot, sourceKey: SHA, url, mime: "image/jpeg", width: 1000, height: 1000, open: async () => new Blob([]).stream() });

describe("Amazon slots", () => {
  it("maps main → MAIN locator and pos2..pos9 → other_product_image_locator_1..8", () => {
    expect(attributeOf("main")).toBe("main_product_image_locator");
    expect(attributeOf("pos2")).toBe("other_product_image_locator_1");
    expect(attributeOf("pos9")).toBe("other_product_image_locator_8");
    expect(slotOfAttribute("other_product_image_locator_8")).toBe("pos9");
    expect(slotOfAttribute("swatch_product_image_locator")).toBeNull();
  });

  it("reads the locator of the marketplace asked for", () => {
    const attrs = {
      main_product_image_locator: [{ media_location: "https://eu/x.jpg", marketplace_id: "A1PA6795UKMFR9" }, { media_location: "https://us/x.jpg", marketplace_id: "ATVPDKIKX0DER" }],
      other_product_image_locator_2: [{ media_location: "https://any/y.jpg" }],
    };
    expect([...readLocators(attrs, "ATVPDKIKX0DER")]).toEqual([
      ["main", "https://us/x.jpg"],
      ["pos3", "https://any/y.jpg"],
    ]);
  });

  it("recognises our URLs by the sha256 in the file name, optionally only under our media base", () => {
    expect(sourceKeyOf(`https://cdn.assetline.test/r/${SHA}.jpg`)).toBe(SHA);
    expect(sourceKeyOf("https://m.media-amazon.com/images/I/81abc.jpg")).toBeNull();
    expect(sourceKeyOf(`https://elsewhere.test/${SHA}.jpg`, ["https://cdn.assetline.test/"])).toBeNull();
  });
});

describe("Amazon gallery diff", () => {
  const current = new Map<SlotId, string>([
    ["main", "https://m.media-amazon.com/a.jpg"],
    ["pos2", "https://cdn/b.jpg"],
    ["pos4", "https://cdn/c.jpg"],
  ]);

  it("replaces changed slots, deletes slots no longer wanted, leaves equal ones alone", () => {
    const patches = diffGallery(current, desiredLocators([ours("main", "https://cdn/new.jpg"), ext("pos2", "https://cdn/b.jpg"), ext("pos3", "https://m.media-amazon.com/a.jpg")]), "ATVPDKIKX0DER");
    expect(patches).toEqual([
      { op: "replace", path: "/attributes/main_product_image_locator", value: [{ media_location: "https://cdn/new.jpg", marketplace_id: "ATVPDKIKX0DER" }] },
      { op: "replace", path: "/attributes/other_product_image_locator_2", value: [{ media_location: "https://m.media-amazon.com/a.jpg", marketplace_id: "ATVPDKIKX0DER" }] },
      { op: "delete", path: "/attributes/other_product_image_locator_3", value: [{ marketplace_id: "ATVPDKIKX0DER" }] },
    ]);
  });

  it("sends nothing when the gallery already matches", () => {
    expect(diffGallery(current, desiredLocators([ext("main", "https://m.media-amazon.com/a.jpg"), ours("pos2", "https://cdn/b.jpg"), ours("pos4", "https://cdn/c.jpg")]), "X")).toEqual([]);
  });

  it("puts image issues on their slots; an image issue naming no attribute is about MAIN", () => {
    const bySlot = issuesBySlot([
      { code: "IMG", message: "too small", severity: "ERROR", attributeNames: ["other_product_image_locator_1"], categories: ["INVALID_IMAGE"] },
      { code: "18027", message: "text on main image", severity: "WARNING", categories: ["INVALID_IMAGE"] },
      { code: "90220", message: "'size' is required", severity: "ERROR", attributeNames: ["size"], categories: ["MISSING_ATTRIBUTE"] },
    ]);
    expect([...bySlot.keys()]).toEqual(["pos2", "main"]);
    expect(bySlot.get("main")![0]).toEqual({ code: "18027", message: "text on main image", severity: "warning", slot: "main" });
  });
});

describe("Amazon images it could not download", () => {
  const url = `https://cdn.assetline.test/media/k/${SHA}.jpg`;
  const download = { code: "IMAGE_DOWNLOAD_FAILED", message: "could not be downloaded", severity: "error" as const, slot: "main" as const };
  const tooSmall = { code: "IMAGE_TOO_SMALL", message: "too small", severity: "error" as const, slot: "main" as const };

  it("numbers resends in the URL's query; the path, and so the rendition, stays", () => {
    expect(resendsOf(url)).toBe(0);
    const again = withResend(url, 2);
    expect(again).toBe(`${url}?resend=2`);
    expect(resendsOf(again)).toBe(2);
    expect(withResend(again, 0)).toBe(url);
    expect(sourceKeyOf(again)).toBe(SHA);
    expect(resendsOf("not a url")).toBe(0);
    expect(resendsOf(`${url}?resend=x`)).toBe(0);
  });

  it("a failed download is a passing failure while resends remain; any other error, or the last resend, fails for good", () => {
    expect(publishedImage("main", url, [download], false)).toMatchObject({ state: "failed", issues: [{ code: "IMAGE_DOWNLOAD_FAILED", transient: true }] });
    expect(publishedImage("main", withResend(url, MAX_RESENDS - 1), [download], false).issues[0]!.transient).toBe(true);
    expect(publishedImage("main", withResend(url, MAX_RESENDS), [download], false).issues[0]).not.toHaveProperty("transient");
    expect(publishedImage("main", url, [tooSmall], false).issues[0]).not.toHaveProperty("transient");
  });

  it("sends a passing failure again under the next resend URL; keeps a resend URL that worked; waits for one in flight", () => {
    const desired = [ours("main", url)];
    const failed = (u: string, issues = [download]) => [publishedImage("main", u, issues, false)];
    const at = (u: string) => new Map<SlotId, string>([["main", u]]);
    expect(locatorsToSend(desired, at(url), failed(url)).get("main")).toBe(withResend(url, 1));
    expect(locatorsToSend(desired, at(withResend(url, 1)), failed(withResend(url, 1))).get("main")).toBe(withResend(url, 2));
    // Out of resends, or failed for another reason: nothing new to send.
    expect(locatorsToSend(desired, at(withResend(url, MAX_RESENDS)), failed(withResend(url, MAX_RESENDS))).get("main")).toBe(withResend(url, MAX_RESENDS));
    expect(locatorsToSend(desired, at(url), failed(url, [tooSmall])).get("main")).toBe(url);
    // The resend worked: the same rendition stays under its resend URL (no patch back to the plain URL).
    const ok = [publishedImage("main", withResend(url, 1), [], false)];
    expect(diffGallery(at(withResend(url, 1)), locatorsToSend(desired, at(withResend(url, 1)), ok), "X")).toEqual([]);
    // Submitted but not processed yet (the listing still shows the failed URL): not sent a third time.
    expect(locatorsToSend(desired, at(withResend(url, 1)), failed(url)).get("main")).toBe(withResend(url, 1));
    // Compared as URLs: a resend of a spelling that URL parsing normalises is still the same image.
    const odd = `HTTPS://CDN.assetline.test:443/media/k/${SHA}.jpg`;
    expect(locatorsToSend([ours("main", odd)], at(withResend(odd, 1)), failed(withResend(odd, 1))).get("main")).toBe(withResend(url, 2));
    // A different rendition is sent as itself.
    const other = `https://cdn.assetline.test/media/k/${"b".repeat(64)}.jpg`;
    expect(locatorsToSend([ours("main", other)], at(withResend(url, 1)), failed(withResend(url, 1))).get("main")).toBe(other);
  });
});
