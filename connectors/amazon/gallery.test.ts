import { describe, expect, it } from "vitest";
import type { ChannelImage, SlotId } from "../channel";
import { desiredLocators, diffGallery, issuesBySlot } from "./gallery";
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
