import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { streamZip, zipNames } from "./downloads.service";

describe("zip downloads", () => {
  it("makes unique, safe names", () => {
    expect(zipNames(["mug.jpg", "MUG.jpg", "a/b.png", "mug.jpg", ""])).toEqual(["mug.jpg", "MUG (2).jpg", "a_b.png", "mug (3).jpg", "file"]);
  });
  it("streams a valid zip with every entry and the note", async () => {
    const data = [Buffer.from("first file"), Buffer.alloc(100_000, 7)];
    const z = streamZip(
      data.map((d, i) => ({ name: `f${i}.bin`, bytes: d.length, mtime: new Date(), open: async () => Readable.from([d]) })),
      "left out: x",
    );
    const chunks: Buffer[] = [];
    for await (const c of z) chunks.push(c as Buffer);
    const zip = Buffer.concat(chunks);
    expect(zip.subarray(0, 4).toString("hex")).toBe("504b0304"); // local file header
    expect(zip.includes(Buffer.from("f0.bin"))).toBe(true);
    expect(zip.includes(Buffer.from("NOT INCLUDED.txt"))).toBe(true);
    expect(zip.length).toBeGreaterThan(100_000); // stored, not compressed
  });
});
