import { open } from "node:fs/promises";
import { fileTypeFromBuffer } from "file-type";
import { mediaErrors } from "./errors";
import { formatOf, type MediaKind } from "./formats";

/** Bytes of the file's start that sniffType needs (file-type's own minimum). */
export const SNIFF_HEAD_BYTES = 4100;
/** Bytes of the file's end that checkComplete needs. */
export const SNIFF_TAIL_BYTES = 64;

export interface SniffResult {
  mime: string;
  ext: string;
  kind: MediaKind;
}

// file-type answers that are allowlisted under another name.
const aliases: Record<string, string> = {
  "image/apng": "image/png",
  "audio/ogg; codecs=opus": "audio/ogg",
};

// How to name rejected types in the message.
const rejectedNames: Record<string, string> = {
  exe: "a Windows program (.exe)",
  elf: "a Linux program (ELF)",
  macho: "a macOS program",
  msi: "a Windows installer (.msi)",
  zip: "a ZIP archive",
  rar: "a RAR archive",
  "7z": "a 7-Zip archive",
  gz: "a gzip archive",
  tar: "a TAR archive",
  heic: "a HEIC photo (convert it to JPEG first; on an iPhone set Camera → Formats → Most Compatible)",
  psd: "a Photoshop document (.psd; export it as PNG, JPEG or TIFF first)",
  xml: "an XML document",
  html: "a web page (HTML)",
  docx: "a Word document",
  xlsx: "an Excel spreadsheet",
  pptx: "a PowerPoint presentation",
  mkv: "a Matroska video (.mkv; export it as MP4 first)",
  avi: "an AVI video (export it as MP4 first)",
};

/** Decides the type from content only; throws MediaError('empty' | 'unsupported_type'). */
export async function sniffType(head: Uint8Array): Promise<SniffResult> {
  if (head.length === 0) throw mediaErrors.empty();
  const bytes = head.subarray(0, SNIFF_HEAD_BYTES);
  // Before file-type: it reports an SVG with an XML prolog as application/xml.
  const text = textStart(bytes);
  if (text !== undefined && startsWithSvgRoot(text)) return { mime: "image/svg+xml", ext: "svg", kind: "image" };

  const found = await fileTypeFromBuffer(bytes);
  if (found) {
    const format = formatOf(aliases[found.mime] ?? found.mime);
    if (format) return { mime: format.mime, ext: format.ext, kind: format.kind };
    throw mediaErrors.unsupported(rejectedNames[found.ext] ?? `a ${found.ext.toUpperCase()} file (.${found.ext})`);
  }
  // file-type must follow the IFD offset to tell TIFF from camera raw; writers often put the IFD at the end.
  if (isTiffHeader(bytes)) return { mime: "image/tiff", ext: "tif", kind: "image" };
  if (text !== undefined && /^<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i.test(skipProlog(text)))
    throw mediaErrors.unsupported(rejectedNames.html!);
  throw mediaErrors.unsupported(text !== undefined ? "a text file" : "a format we do not recognise");
}

/** sniffType + checkComplete for a file on disk (reads only its head and tail). */
export async function sniffFile(path: string): Promise<SniffResult & { complete: boolean }> {
  const fh = await open(path, "r");
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(Math.min(size, SNIFF_HEAD_BYTES));
    await fh.read(head, 0, head.length, 0);
    const type = await sniffType(head);
    const tail = Buffer.alloc(Math.min(size, SNIFF_TAIL_BYTES));
    await fh.read(tail, 0, tail.length, size - tail.length);
    return { ...type, complete: checkComplete(type.mime, tail) };
  } finally {
    await fh.close();
  }
}

/** Cheap end-of-file check while streaming: false means the upload was most likely cut off. */
export function checkComplete(mime: string, tail: Uint8Array): boolean {
  let end = tail.length;
  while (end > 0 && tail[end - 1] === 0) end--; // some writers pad with zeros
  const t = tail.subarray(0, end);
  if (mime === "image/jpeg") return t.length >= 2 && t[t.length - 2] === 0xff && t[t.length - 1] === 0xd9;
  if (mime === "image/png") return endsWith(t, PNG_IEND);
  return true;
}

// Length 0, "IEND", CRC.
const PNG_IEND = Uint8Array.of(0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82);

function isTiffHeader(b: Uint8Array): boolean {
  const le = b[0] === 0x49 && b[1] === 0x49 && (b[2] === 42 || b[2] === 43) && b[3] === 0;
  const be = b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && (b[3] === 42 || b[3] === 43);
  return le || be;
}

function endsWith(a: Uint8Array, suffix: Uint8Array): boolean {
  if (a.length < suffix.length) return false;
  const off = a.length - suffix.length;
  return suffix.every((b, i) => a[off + i] === b);
}

/** The head as text, or undefined when it holds control bytes (a binary file). */
function textStart(bytes: Uint8Array): string | undefined {
  const sample = bytes.subarray(0, 512);
  for (const b of sample) if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) return undefined;
  return new TextDecoder("utf-8", { fatal: false }).decode(bytes).replace(/^\uFEFF/, "");
}

/** Skips whitespace, the XML declaration, processing instructions, comments and a DOCTYPE (with internal subset). */
function skipProlog(text: string): string {
  let s = text;
  for (;;) {
    s = s.trimStart();
    let m: RegExpMatchArray | null;
    if (s.startsWith("<?")) m = s.match(/^<\?[\s\S]*?\?>/);
    else if (s.startsWith("<!--")) m = s.match(/^<!--[\s\S]*?-->/);
    else if (/^<!doctype/i.test(s)) m = s.match(/^<!doctype[^[>]*(\[[\s\S]*?\]\s*)?>/i);
    else return s;
    if (!m) return ""; // prolog runs past the head: not recognisable
    s = s.slice(m[0].length);
  }
}

function startsWithSvgRoot(text: string): boolean {
  return /^<svg[\s>/]/.test(skipProlog(text));
}

/** True when the head is text whose root element is <svg>. */
export function isSvgHead(head: Uint8Array): boolean {
  const text = textStart(head.subarray(0, SNIFF_HEAD_BYTES));
  return text !== undefined && startsWithSvgRoot(text);
}
