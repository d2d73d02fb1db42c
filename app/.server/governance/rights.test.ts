import { describe, expect, it } from "vitest";
import { rightsBlock, rightsStatus, type RightsTerms } from "./rights";

const now = new Date("2026-11-23T12:00:00Z");
const days = (n: number) => new Date(now.getTime() + n * 24 * 3600 * 1000);
const terms = (t: Partial<RightsTerms> = {}): RightsTerms => ({
  licenceStart: null, licenceEnd: null, territories: [], channels: [], containsPeople: false, modelReleaseRef: null, ...t,
});

describe("rights", () => {
  it("computes the status from the licence window and the model release", () => {
    expect(rightsStatus(terms(), now)).toBe("ok");
    expect(rightsStatus(terms({ licenceEnd: days(30) }), now)).toBe("ok");
    expect(rightsStatus(terms({ licenceEnd: days(7) }), now)).toBe("expiring");
    expect(rightsStatus(terms({ licenceEnd: days(0.5) }), now)).toBe("expiring");
    expect(rightsStatus(terms({ licenceEnd: now }), now)).toBe("expired");
    expect(rightsStatus(terms({ licenceEnd: days(-1) }), now)).toBe("expired");
    expect(rightsStatus(terms({ licenceStart: days(2) }), now)).toBe("restricted");
    expect(rightsStatus(terms({ containsPeople: true }), now)).toBe("restricted");
    expect(rightsStatus(terms({ containsPeople: true, modelReleaseRef: "MR-2026-114" }), now)).toBe("ok");
  });
  it("blocks uses outside the licence, with a reason a merchant understands", () => {
    expect(rightsBlock(null, {}, now)).toBeNull();
    expect(rightsBlock(terms({ licenceEnd: days(-3) }), {}, now)).toMatch(/licence ended on 2026-11-20/);
    expect(rightsBlock(terms({ territories: ["US", "CA"] }), { market: "EU" }, now)).toMatch(/not licensed for EU/);
    expect(rightsBlock(terms({ territories: ["US"] }), { market: "US" }, now)).toBeNull();
    expect(rightsBlock(terms({ channels: ["shopify"] }), { channel: "amazon" }, now)).toMatch(/not licensed for amazon/);
    expect(rightsBlock(terms({ containsPeople: true }), {}, now)).toMatch(/model release/);
    expect(rightsBlock(terms({ licenceEnd: days(3) }), {}, now)).toBeNull(); // expiring is still usable
  });
});
