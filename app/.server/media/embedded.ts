// Embedded EXIF / IPTC / XMP → a small, JSON-safe summary for the library (no GPS coordinates kept).
import * as exifrModule from "exifr";

export interface EmbeddedMetadata {
  cameraMake?: string;
  cameraModel?: string;
  lens?: string;
  /** ISO 8601; local wall-clock time unless the file records an offset. */
  dateTaken?: string;
  software?: string;
  copyright?: string;
  creator?: string;
  title?: string;
  description?: string;
  keywords: string[];
  /** The file carries a location; the coordinates are deliberately not kept. */
  hasGps: boolean;
  rating?: number;
  exposure?: { iso?: number; fNumber?: number; exposureTime?: number; focalLength?: number };
}

export interface EmbeddedSources {
  exif?: Uint8Array;
  xmp?: Uint8Array;
  iptc?: Uint8Array;
}

type Dict = Record<string, unknown>;

// exifr's ESM build (vitest, Vite) has named exports and a default without sidecar(); Node's require of its
// UMD build has only the default. Take whichever is there.
const exifr = {
  parse: exifrModule.parse ?? exifrModule.default.parse,
  sidecar: exifrModule.sidecar ?? exifrModule.default.sidecar,
};

/** Summarises the raw blocks sharp's metadata() returns (so the file is not read again). Never throws. */
export async function summariseEmbedded(src: EmbeddedSources): Promise<EmbeddedMetadata> {
  const [blocks, xmp] = await Promise.all([parseExifIptc(src), parseXmp(src.xmp)]);
  const ifd0 = dict(blocks.ifd0);
  const exif = dict(blocks.exif);
  const gps = dict(blocks.gps);
  const iptc = dict(blocks.iptc);
  const dc = dict(xmp.dc);
  const xmpBasic = dict(xmp.xmp);
  const ps = dict(xmp.photoshop);
  const aux = dict(xmp.aux);
  const exifEx = dict(xmp.exifEX);
  const xmpExif = dict(xmp.exif);

  const out: EmbeddedMetadata = {
    cameraMake: text(ifd0.Make),
    cameraModel: text(ifd0.Model),
    lens: text(exif.LensModel) ?? text(exifEx.LensModel) ?? text(aux.Lens),
    dateTaken:
      exifDate(exif.DateTimeOriginal, exif.OffsetTimeOriginal) ??
      exifDate(exif.CreateDate ?? exif.DateTimeDigitized, exif.OffsetTimeDigitized) ??
      isoDate(ps.DateCreated) ??
      isoDate(xmpBasic.CreateDate) ??
      iptcDate(iptc.DateCreated, iptc.TimeCreated),
    software: text(ifd0.Software) ?? text(xmpBasic.CreatorTool),
    copyright: text(dc.rights) ?? text(ifd0.Copyright) ?? iptcText(text(iptc.CopyrightNotice)),
    creator: text(dc.creator) ?? iptcText(text(iptc.Byline)) ?? text(ifd0.Artist),
    title: text(dc.title) ?? iptcText(text(iptc.ObjectName) ?? text(iptc.Headline)),
    description: text(dc.description) ?? iptcText(text(iptc.Caption)) ?? text(ifd0.ImageDescription),
    keywords: dedupeKeywords([...list(iptc.Keywords).map(iptcText), ...list(dc.subject)]),
    hasGps: gps.GPSLatitude !== undefined || gps.GPSLongitude !== undefined || xmpExif.GPSLatitude !== undefined,
    rating: rating(xmpBasic.Rating ?? ifd0.Rating),
    exposure: exposure(exif),
  };
  return dropUndefined(out);
}

const SOI = Buffer.from([0xff, 0xd8]);
const EOI = Buffer.from([0xff, 0xd9]);
const EXIF_ID = Buffer.from("Exif\0\0", "latin1");
const PHOTOSHOP_ID = Buffer.from("Photoshop 3.0\0", "latin1");
const MAX_SEGMENT = 0xffff - 2;

// exifr reads EXIF and IPTC only from whole files; wrapping the blocks in a minimal JPEG lets one code
// path serve every format (WebP, AVIF, TIFF, PNG…) from what sharp already extracted.
async function parseExifIptc(src: EmbeddedSources): Promise<Dict> {
  const segments: Buffer[] = [];
  if (src.exif?.length) {
    const exif = Buffer.from(src.exif);
    const payload = exif.subarray(0, 6).equals(EXIF_ID) ? exif : Buffer.concat([EXIF_ID, exif]);
    if (payload.length <= MAX_SEGMENT) segments.push(segment(0xe1, payload));
  }
  if (src.iptc?.length) {
    const iptc = Buffer.from(src.iptc);
    const payload = iptc.subarray(0, PHOTOSHOP_ID.length).equals(PHOTOSHOP_ID) ? iptc : Buffer.concat([PHOTOSHOP_ID, iptc]);
    if (payload.length <= MAX_SEGMENT) segments.push(segment(0xed, payload));
  }
  if (segments.length === 0) return {};
  try {
    const parsed: unknown = await exifr.parse(Buffer.concat([SOI, ...segments, EOI]), {
      tiff: true, exif: true, gps: true, iptc: true, xmp: false, icc: false, ifd1: false,
      interop: false, makerNote: false, userComment: false, jfif: false, ihdr: false,
      mergeOutput: false, reviveValues: false, sanitize: true,
    });
    return dict(parsed);
  } catch {
    return {};
  }
}

async function parseXmp(xmp: Uint8Array | undefined): Promise<Dict> {
  if (!xmp?.length) return {};
  try {
    return dict(await exifr.sidecar(Buffer.from(xmp), { mergeOutput: false }, "xmp"));
  } catch {
    return {};
  }
}

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

function dict(v: unknown): Dict {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Dict) : {};
}

/** A clean string from EXIF/IPTC/XMP values: plain, lang-alt ({lang, value}), or a list (joined). */
function text(v: unknown): string | undefined {
  if (typeof v === "number") return String(v);
  if (typeof v === "string") {
    const s = decodeXml(v).replace(/\0+$/, "").trim();
    return s ? s.slice(0, 2000) : undefined;
  }
  if (Array.isArray(v)) {
    const alt = v.find((x) => dict(x).lang === "x-default");
    if (alt) return text(alt);
    if (v.length > 0 && dict(v[0]).value !== undefined) return text(v[0]);
    const parts = v.map(text).filter((x): x is string => !!x);
    return parts.length ? parts.join(", ") : undefined;
  }
  const d = dict(v);
  return d.value !== undefined ? text(d.value) : undefined;
}

function list(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.flatMap(list);
  const s = text(v);
  return s ? [s] : [];
}

// exifr decodes IPTC text as Latin-1; nearly every writer since ~2005 stores UTF-8. Bytes that form valid
// UTF-8 are read as UTF-8, anything else stays Latin-1.
const utf8 = new TextDecoder("utf-8", { fatal: true });
function iptcText<T extends string | undefined>(s: T): T {
  if (!s || !/[\u0080-\u00ff]/.test(s)) return s;
  try {
    return utf8.decode(Buffer.from(s, "latin1")) as T;
  } catch {
    return s;
  }
}

function dedupeKeywords(words: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const w of words) {
    const k = w.trim().replace(/\s+/g, " ");
    const key = k.toLowerCase();
    if (!k || k.length > 200 || seen.has(key)) continue;
    seen.add(key);
    out.push(k);
  }
  return out.slice(0, 500);
}

// EXIF dates are "YYYY:MM:DD HH:MM:SS" in local wall-clock time, optionally with an offset tag.
function exifDate(v: unknown, offset: unknown): string | undefined {
  const m = typeof v === "string" ? v.match(/^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/) : null;
  if (!m || m[1] === "0000") return undefined;
  const off = typeof offset === "string" && /^[+-]\d{2}:\d{2}$/.test(offset.trim()) ? offset.trim() : "";
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${off}`;
}

function isoDate(v: unknown): string | undefined {
  const s = text(v);
  return s && /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(s) ? s : undefined;
}

function iptcDate(date: unknown, time: unknown): string | undefined {
  const d = text(date)?.match(/^(\d{4})-?(\d{2})-?(\d{2})$/);
  if (!d) return undefined;
  const t = text(time)?.match(/^(\d{2}):?(\d{2}):?(\d{2})([+-]\d{2}:?\d{2})?$/);
  const tz = t?.[4] ? `${t[4].slice(0, 3)}:${t[4].slice(-2)}` : "";
  return `${d[1]}-${d[2]}-${d[3]}` + (t ? `T${t[1]}:${t[2]}:${t[3]}${tz}` : "");
}

function rating(v: unknown): number | undefined {
  const n = typeof v === "string" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) && n >= -1 && n <= 5 ? n : undefined;
}

function num(v: unknown): number | undefined {
  const n = Array.isArray(v) ? v[0] : v;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

function exposure(exif: Dict): EmbeddedMetadata["exposure"] {
  const e = dropUndefined({
    iso: num(exif.ISO),
    fNumber: num(exif.FNumber),
    exposureTime: num(exif.ExposureTime),
    focalLength: num(exif.FocalLength),
  });
  return Object.keys(e).length ? e : undefined;
}

function decodeXml(s: string): string {
  if (!s.includes("&")) return s;
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16) % 0x110000))
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d) % 0x110000))
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
