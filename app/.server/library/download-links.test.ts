import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signDownload, verifyDownload, type DownloadClaims } from "./download-links";

const claims: DownloadClaims = { kind: "version", shopId: randomUUID(), memberId: randomUUID(), assetId: randomUUID(), versionId: randomUUID(), rendition: null };

describe("signed download links", () => {
  it("verify within a minute, with the same secret only", () => {
    const t = signDownload("s3cret", claims, 1_000);
    expect(verifyDownload("s3cret", t, 30_000)).toEqual(claims);
    expect(verifyDownload("other", t, 30_000)).toBeNull();
    expect(verifyDownload("s3cret", t, 62_000)).toBeNull();
  });
  it("reject tampering and garbage", () => {
    const t = signDownload("s3cret", claims);
    const [p, s] = t.split(".");
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, "base64url").toString()), v: randomUUID() })).toString("base64url");
    expect(verifyDownload("s3cret", `${forged}.${s}`)).toBeNull();
    const toPreview = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, "base64url").toString()), r: "preview" })).toString("base64url");
    expect(verifyDownload("s3cret", `${toPreview}.${s}`)).toBeNull();
    expect(verifyDownload("s3cret", "nope")).toBeNull();
    expect(verifyDownload("s3cret", "a.b")).toBeNull();
  });
  it("work without an app secret (demo) inside one process", () => {
    expect(verifyDownload(null, signDownload(null, claims))).toEqual(claims);
  });
  it("carry a rendition preset", () => {
    const c: DownloadClaims = { ...claims, rendition: "preview" };
    expect(verifyDownload("k", signDownload("k", c))).toEqual(c);
  });
  it("carry a member's zip of a library page (200 assets) in a URL-sized token", () => {
    const c: DownloadClaims = { kind: "zip", shopId: randomUUID(), memberId: randomUUID(), assetIds: Array.from({ length: 200 }, () => randomUUID()), rendition: null };
    const t = signDownload("k", c);
    expect(t.length).toBeLessThan(8_000);
    expect(verifyDownload("k", t)).toEqual(c);
  });
});
