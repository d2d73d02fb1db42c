// Reads the version's `metadata` JSON (shapes from the media pipeline: image probe + embedded summary,
// video/audio probe, PDF info) into display rows, showing only what exists.
import { formatBytes, formatDateTime, formatDuration } from "../library/format";

type Dict = Record<string, unknown>;
const dict = (v: unknown): Dict => (v && typeof v === "object" && !Array.isArray(v) ? (v as Dict) : {});
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : undefined);
const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && !!x.trim()) : []);

export interface MetaRow {
  label: string;
  value: string;
}
export interface MetaSection {
  title: string;
  rows: MetaRow[];
  keywords?: string[];
}

const MIME_LABEL: Record<string, string> = {
  "image/jpeg": "JPEG image",
  "image/png": "PNG image",
  "image/webp": "WebP image",
  "image/avif": "AVIF image",
  "image/gif": "GIF image",
  "image/tiff": "TIFF image",
  "image/svg+xml": "SVG image",
  "video/mp4": "MP4 video",
  "video/x-m4v": "M4V video",
  "video/quicktime": "QuickTime video",
  "video/webm": "WebM video",
  "audio/mpeg": "MP3 audio",
  "audio/wav": "WAV audio",
  "audio/x-m4a": "M4A audio",
  "audio/aac": "AAC audio",
  "audio/ogg": "Ogg audio",
  "audio/flac": "FLAC audio",
  "application/pdf": "PDF document",
};
export const mimeLabel = (mime: string) => MIME_LABEL[mime] ?? mime;

const SPACE: Record<string, string> = {
  srgb: "sRGB",
  rgb: "RGB",
  cmyk: "CMYK",
  "b-w": "Greyscale",
  grey16: "Greyscale (16-bit)",
  rgb16: "RGB (16-bit)",
  lab: "Lab",
  scrgb: "scRGB",
};
const DEPTH: Record<string, string> = {
  uchar: "8-bit",
  ushort: "16-bit",
  float: "32-bit float",
  char: "8-bit",
  short: "16-bit",
  uint: "32-bit",
};
const ORIENTATION: Record<number, string> = {
  2: "Mirrored",
  3: "Rotated 180°",
  4: "Mirrored, rotated 180°",
  5: "Mirrored, rotated 90°",
  6: "Rotated 90° clockwise",
  7: "Mirrored, rotated 270°",
  8: "Rotated 90° anticlockwise",
};

export interface VersionFacts {
  mime: string;
  bytes: number;
  width: number | null;
  height: number | null;
  filename: string;
  sha256: string | null;
  metadata: unknown;
}

export function describeVersion(v: VersionFacts): MetaSection[] {
  const meta = dict(v.metadata);
  const sections: MetaSection[] = [];

  const file: MetaRow[] = [];
  if (v.width && v.height) file.push({ label: "Dimensions", value: `${v.width} × ${v.height} px` });
  file.push({ label: "File type", value: mimeLabel(v.mime) });
  file.push({
    label: "Size",
    value: `${(v.bytes / 1024 / 1024).toFixed(2)} MB` + (v.bytes < 1024 * 1024 ? ` (${formatBytes(v.bytes)})` : ""),
  });
  file.push({ label: "File name", value: v.filename });

  const image = dict(meta.image);
  if (Object.keys(image).length) {
    const space = str(image.space);
    if (space) file.push({ label: "Colour space", value: SPACE[space] ?? space.toUpperCase() });
    const icc = str(image.iccProfile);
    if (icc) file.push({ label: "Colour profile", value: icc });
    const depth = str(image.depth);
    if (depth && DEPTH[depth]) file.push({ label: "Bit depth", value: DEPTH[depth] });
    if (typeof image.hasAlpha === "boolean") file.push({ label: "Transparency", value: image.hasAlpha ? "Yes (alpha channel)" : "No" });
    const o = num(image.orientation);
    if (o && o !== 1) file.push({ label: "Orientation", value: ORIENTATION[o] ?? `EXIF ${o}` });
    const density = num(image.density);
    if (density) file.push({ label: "Resolution", value: `${Math.round(density)} dpi` });
    const pages = num(image.pages);
    if (pages && pages > 1) file.push({ label: "Frames", value: String(pages) });
    if (image.isProgressive === true) file.push({ label: "Encoding", value: "Progressive" });
  }

  for (const kind of ["video", "audio"] as const) {
    const av = dict(meta[kind]);
    if (!Object.keys(av).length) continue;
    const dur = num(av.durationSec);
    if (dur !== undefined) file.push({ label: "Duration", value: formatDuration(dur) });
    const container = str(av.container);
    // ffprobe names a demuxer family ("mov,mp4,m4a,…"), which says nothing the file type does not.
    if (container && !container.includes(",")) file.push({ label: "Container", value: container });
    const vc = str(av.videoCodec);
    const ac = str(av.audioCodec);
    if (vc || ac) file.push({ label: "Codecs", value: [vc && `video ${vc}`, ac && `audio ${ac}`].filter(Boolean).join(", ") });
    const fps = num(av.frameRate);
    if (fps) file.push({ label: "Frame rate", value: `${Math.round(fps * 100) / 100} fps` });
    const br = num(av.bitrate);
    if (br) file.push({ label: "Bit rate", value: `${(br / 1000).toFixed(0)} kb/s` });
    const sr = num(av.audioSampleRate);
    if (sr) file.push({ label: "Sample rate", value: `${(sr / 1000).toFixed(1)} kHz` });
    const ch = num(av.audioChannels);
    if (ch) file.push({ label: "Channels", value: ch === 1 ? "Mono" : ch === 2 ? "Stereo" : String(ch) });
  }

  const doc = dict(meta.document);
  if (Object.keys(doc).length) {
    const pages = num(doc.pageCount);
    if (pages !== undefined) file.push({ label: "Pages", value: String(pages) });
    const w = num(doc.pageWidthPt);
    const h = num(doc.pageHeightPt);
    if (w && h) file.push({ label: "Page size", value: `${Math.round((w / 72) * 25.4)} × ${Math.round((h / 72) * 25.4)} mm` });
    const t = str(doc.title);
    if (t) file.push({ label: "Document title", value: t });
    const a = str(doc.author);
    if (a) file.push({ label: "Author", value: a });
    const pv = str(doc.pdfVersion);
    if (pv) file.push({ label: "PDF version", value: pv });
  }
  if (v.sha256) file.push({ label: "SHA-256", value: `${v.sha256.slice(0, 16)}…` });
  sections.push({ title: "File", rows: file });

  const emb = dict(meta.embedded);
  const camera: MetaRow[] = [];
  const make = str(emb.cameraMake);
  const model = str(emb.cameraModel);
  if (make || model)
    camera.push({ label: "Camera", value: model && make && model.startsWith(make) ? model : [make, model].filter(Boolean).join(" ") });
  const lens = str(emb.lens);
  if (lens) camera.push({ label: "Lens", value: lens });
  const exp = dict(emb.exposure);
  const expParts = [
    num(exp.fNumber) && `f/${num(exp.fNumber)}`,
    num(exp.exposureTime) && (num(exp.exposureTime)! < 1 ? `1/${Math.round(1 / num(exp.exposureTime)!)} s` : `${num(exp.exposureTime)} s`),
    num(exp.iso) && `ISO ${num(exp.iso)}`,
    num(exp.focalLength) && `${num(exp.focalLength)} mm`,
  ].filter(Boolean);
  if (expParts.length) camera.push({ label: "Exposure", value: expParts.join(" · ") });
  const taken = str(emb.dateTaken);
  if (taken) camera.push({ label: "Date taken", value: formatTaken(taken) });
  for (const [key, label] of [
    ["creator", "Creator"],
    ["copyright", "Copyright"],
    ["software", "Software"],
    ["title", "Embedded title"],
    ["description", "Embedded caption"],
  ] as const) {
    const s = str(emb[key]);
    if (s) camera.push({ label, value: s });
  }
  if (emb.hasGps === true) camera.push({ label: "Location", value: "The file records a location (not kept)" });
  const keywords = strs(emb.keywords);
  if (camera.length || keywords.length) sections.push({ title: "Embedded metadata", rows: camera, keywords });
  return sections;
}

/** EXIF dates are wall-clock times; show them as written, without shifting into the viewer's zone. */
function formatTaken(iso: string) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(iso);
  if (!m) return iso;
  if (/[zZ]|[+-]\d{2}:\d{2}$/.test(iso)) return formatDateTime(iso);
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0));
  const date = new Intl.DateTimeFormat("en", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(d);
  return m[4] ? `${date}, ${m[4]}:${m[5]}` : date;
}
