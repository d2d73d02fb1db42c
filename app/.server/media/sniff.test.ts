import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { peExecutable, pngBomb, tinyPdf, HOSTILE_SVG } from "../../../test/fixtures/media/generate";
import { MediaError } from "./errors";
import { checkComplete, isSvgHead, sniffType, SNIFF_HEAD_BYTES, SNIFF_TAIL_BYTES } from "./sniff";

async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    if (e instanceof MediaError) return e.kind;
    throw e;
  }
}

describe("sniffType", () => {
  const img = () => sharp({ create: { width: 40, height: 30, channels: 3, background: "#c33" } });

  it.each([
    ["jpeg", "image/jpeg", "jpg"],
    ["png", "image/png", "png"],
    ["webp", "image/webp", "webp"],
    ["avif", "image/avif", "avif"],
    ["gif", "image/gif", "gif"],
    ["tiff", "image/tiff", "tif"],
  ] as const)("recognises %s from content", async (format, mime, ext) => {
    const buf = await img().toFormat(format).toBuffer();
    expect(await sniffType(buf.subarray(0, SNIFF_HEAD_BYTES))).toEqual({ mime, ext, kind: "image" });
  });

  it("recognises SVG after BOM, XML prolog, comments and a DOCTYPE", async () => {
    expect(await sniffType(Buffer.from(HOSTILE_SVG))).toEqual({ mime: "image/svg+xml", ext: "svg", kind: "image" });
    const svg = '\uFEFF  <?xml version="1.0"?>\n<!-- made by hand -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg xmlns="http://www.w3.org/2000/svg"/>';
    expect((await sniffType(Buffer.from(svg))).mime).toBe("image/svg+xml");
    expect(isSvgHead(Buffer.from("<svg>"))).toBe(true);
    expect(isSvgHead(Buffer.from("<svgx>"))).toBe(false);
  });

  it("recognises a PDF as a document", async () => {
    expect(await sniffType(tinyPdf())).toEqual({ mime: "application/pdf", ext: "pdf", kind: "document" });
  });

  it("rejects an empty file", async () => {
    expect(await kindOf(sniffType(new Uint8Array()))).toBe("empty");
  });

  it("rejects a Windows program renamed .jpg, saying what it is", async () => {
    const err = await sniffType(peExecutable()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaError);
    expect((err as MediaError).kind).toBe("unsupported_type");
    expect((err as MediaError).message).toMatch(/Windows program \(\.exe\)/);
  });

  it.each([
    ["ELF binary", Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(100)]), /Linux program/],
    ["zip", Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.alloc(100)]), /ZIP|archive|\.zip/i],
    ["html", Buffer.from("<!DOCTYPE html><html><body>hi</body></html>"), /web page/],
    ["xml", Buffer.from('<?xml version="1.0"?><note>hi</note>'), /XML/],
    ["plain text", Buffer.from("just some words\n"), /text file/],
  ])("rejects %s", async (_name, bytes, message) => {
    const err = (await sniffType(bytes).catch((e: unknown) => e)) as MediaError;
    expect(err.kind).toBe("unsupported_type");
    expect(err.message).toMatch(message);
  });
});

describe("checkComplete", () => {
  it("accepts a whole JPEG (also with zero padding) and spots one cut in half", async () => {
    const jpeg = await sharp({ create: { width: 200, height: 200, channels: 3, background: "#39c" } }).jpeg().toBuffer();
    const tail = (b: Buffer) => b.subarray(Math.max(0, b.length - SNIFF_TAIL_BYTES));
    expect(checkComplete("image/jpeg", tail(jpeg))).toBe(true);
    expect(checkComplete("image/jpeg", tail(Buffer.concat([jpeg, Buffer.alloc(7)])))).toBe(true);
    expect(checkComplete("image/jpeg", tail(jpeg.subarray(0, jpeg.length >> 1)))).toBe(false);
  });

  it("requires PNG to end with IEND", async () => {
    const png = await sharp({ create: { width: 50, height: 50, channels: 3, background: "#39c" } }).png().toBuffer();
    expect(checkComplete("image/png", png.subarray(-SNIFF_TAIL_BYTES))).toBe(true);
    expect(checkComplete("image/png", pngBomb().subarray(-SNIFF_TAIL_BYTES))).toBe(true);
    expect(checkComplete("image/png", png.subarray(0, png.length - 5).subarray(-SNIFF_TAIL_BYTES))).toBe(false);
  });

  it("does not judge other types", () => {
    expect(checkComplete("video/mp4", new Uint8Array([1, 2, 3]))).toBe(true);
  });
});
