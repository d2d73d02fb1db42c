// SVG sanitiser used before rasterising. The original SVG is never served inline, so this only has to
// make the document safe to hand to librsvg: no scripts, no event handlers, nothing fetched from outside,
// no entity tricks. librsvg's XML parser is strict, so a tag this code cannot see fails to parse there too.

const DANGEROUS_ELEMENTS = ["script", "foreignObject", "iframe", "embed", "object", "handler", "listener"];

// A start tag with its attributes (quoted values may contain '>').
const START_TAG = /<([A-Za-z_][^\s/>]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*(\/?)>/g;
const ATTRIBUTE = /([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?/g;
const URL_ATTRIBUTES = new Set(["href", "xlink:href", "src"]);

export function sanitizeSvg(text: string): string {
  let s = text.replace(/^\uFEFF/, "");
  s = s.replace(/<!--[\s\S]*?-->/g, "");
  s = s.replace(/<!DOCTYPE[^[>]*(\[[\s\S]*?\]\s*)?>/gi, "");
  s = s.replace(/<!ENTITY[\s\S]*?>/gi, "");
  s = s.replace(/<\?(?!xml\s)[\s\S]*?\?>/g, ""); // xml-stylesheet and other PIs, keep the declaration
  for (const name of DANGEROUS_ELEMENTS) {
    const n = escapeRegExp(name);
    s = s.replace(new RegExp(`<(?:[\\w-]+:)?${n}\\b[\\s\\S]*?<\\/(?:[\\w-]+:)?${n}\\s*>`, "gi"), "");
    s = s.replace(new RegExp(`<(?:[\\w-]+:)?${n}\\b[^>]*>`, "gi"), ""); // self-closing or unclosed
  }
  s = s.replace(START_TAG, (_tag, name: string, attrs: string, selfClose: string) => {
    return `<${name}${cleanAttributes(attrs)}${selfClose ? "/" : ""}>`;
  });
  s = s.replace(/@import[^;]*;?/gi, "");
  s = s.replace(/url\(\s*(['"]?)\s*([^)'"]*)\1\s*\)/gi, (whole, _q, url: string) => (isSafeUrl(url) ? whole : "none"));
  return s;
}

function cleanAttributes(attrs: string): string {
  let out = "";
  for (const m of attrs.matchAll(ATTRIBUTE)) {
    const name = m[1]!;
    const raw = m[2] ?? '""';
    const value = decodeEntities(raw.replace(/^["']|["']$/g, ""));
    const lower = name.toLowerCase();
    if (lower.startsWith("on")) continue; // event handlers
    if (lower === "xml:base") continue;
    if (/(javascript|vbscript):/i.test(value.replace(/[\s\u0000-\u001f]/g, ""))) continue;
    if (URL_ATTRIBUTES.has(lower) && !isSafeUrl(value)) continue;
    out += ` ${name}=${raw.startsWith('"') || raw.startsWith("'") ? raw : `"${raw}"`}`;
  }
  return out;
}

/** Only same-document references and inline raster images; nothing that loads from elsewhere. */
function isSafeUrl(url: string): boolean {
  const u = url.trim();
  return u.startsWith("#") || /^data:image\/(png|jpe?g|gif|webp|avif)[;,]/i.test(u);
}

function decodeEntities(v: string): string {
  return v
    .replace(/&#x([0-9a-f]+);?/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16) % 0x110000))
    .replace(/&#(\d+);?/g, (_m, d: string) => String.fromCodePoint(Number(d) % 0x110000))
    .replace(/&colon;/gi, ":")
    .replace(/&tab;|&newline;/gi, "");
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
