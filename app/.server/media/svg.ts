// SVG sanitiser used before rasterising. The original SVG is never served inline, so this only has to make
// the document safe to hand to librsvg: no scripts, no event handlers, nothing fetched from outside, no
// entity tricks. A single forward scan (no backtracking regexes) keeps it linear on hostile input; anything
// it cannot read as XML is dropped, and librsvg's strict parser rejects what is left of a broken file.

const DROPPED_ELEMENTS = new Set(["script", "foreignobject", "iframe", "embed", "object", "handler", "listener"]);
const URL_ATTRIBUTES = new Set(["href", "xlink:href", "src"]);

export function sanitizeSvg(text: string): string {
  const s = text.replace(/^\uFEFF/, "");
  let out = "";
  let skipDepth = 0; // > 0 while inside a dropped element
  let i = 0;
  const emit = (chunk: string) => {
    if (skipDepth === 0) out += chunk;
  };

  while (i < s.length) {
    const lt = s.indexOf("<", i);
    if (lt < 0) {
      emit(s.slice(i));
      break;
    }
    emit(s.slice(i, lt));
    if (s.startsWith("<!--", lt)) {
      i = after(s, "-->", lt + 4);
    } else if (s.startsWith("<![CDATA[", lt)) {
      const end = after(s, "]]>", lt + 9);
      emit(s.slice(lt, end));
      i = end;
    } else if (s.startsWith("<!", lt)) {
      i = afterDeclaration(s, lt); // DOCTYPE (with internal subset), ENTITY…: dropped
    } else if (s.startsWith("<?", lt)) {
      const end = after(s, "?>", lt + 2);
      if (lt === 0 && /^<\?xml\s/.test(s.slice(0, 6))) emit(s.slice(lt, end)); // keep the XML declaration only
      i = end;
    } else if (s.startsWith("</", lt)) {
      const end = s.indexOf(">", lt);
      if (end < 0) break;
      if (skipDepth > 0) skipDepth--;
      else out += s.slice(lt, end + 1);
      i = end + 1;
    } else {
      const tag = readTag(s, lt);
      if (!tag) break; // unterminated tag: drop the rest
      i = tag.end;
      const local = tag.name.toLowerCase().replace(/^.*:/, "");
      if (skipDepth > 0) {
        if (!tag.selfClosing) skipDepth++;
      } else if (DROPPED_ELEMENTS.has(local)) {
        if (!tag.selfClosing) skipDepth = 1;
      } else {
        out += `<${tag.name}${cleanAttributes(tag.attributes)}${tag.selfClosing ? "/" : ""}>`;
      }
    }
  }
  return cleanCss(out);
}

interface Tag {
  name: string;
  attributes: [string, string][];
  selfClosing: boolean;
  end: number;
}

function readTag(s: string, lt: number): Tag | undefined {
  let i = lt + 1;
  const nameStart = i;
  while (i < s.length && !/[\s/>]/.test(s[i]!)) i++;
  const name = s.slice(nameStart, i);
  if (!name) return undefined;
  const attributes: [string, string][] = [];
  for (;;) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (i >= s.length) return undefined;
    if (s[i] === ">") return { name, attributes, selfClosing: false, end: i + 1 };
    if (s.startsWith("/>", i)) return { name, attributes, selfClosing: true, end: i + 2 };
    if (s[i] === "/") {
      i++;
      continue;
    }
    const attrStart = i;
    while (i < s.length && !/[\s=/>]/.test(s[i]!)) i++;
    const attr = s.slice(attrStart, i);
    while (i < s.length && /\s/.test(s[i]!)) i++;
    let value = "";
    if (s[i] === "=") {
      i++;
      while (i < s.length && /\s/.test(s[i]!)) i++;
      const q = s[i];
      if (q === '"' || q === "'") {
        const close = s.indexOf(q, i + 1);
        if (close < 0) return undefined;
        value = s.slice(i + 1, close);
        i = close + 1;
      } else {
        const vStart = i;
        while (i < s.length && !/[\s>]/.test(s[i]!)) i++;
        value = s.slice(vStart, i);
      }
    }
    if (attr) attributes.push([attr, value]);
  }
}

function cleanAttributes(attributes: [string, string][]): string {
  let out = "";
  for (const [name, raw] of attributes) {
    const lower = name.toLowerCase();
    const value = decodeEntities(raw);
    if (lower.startsWith("on") || lower === "xml:base") continue; // event handlers, base-URL tricks
    if (/(javascript|vbscript):/i.test(value.replace(/[\s\u0000-\u001f]/g, ""))) continue;
    if ((URL_ATTRIBUTES.has(lower) || lower.endsWith(":href")) && !isSafeUrl(value)) continue;
    out += ` ${name}="${raw.replace(/"/g, "&quot;")}"`;
  }
  return out;
}

/** Style sheets and style attributes: no @import, no url() leaving the document. Bounded, so linear. */
function cleanCss(svg: string): string {
  return svg
    .replace(/@import[^;<]*;?/gi, "")
    .replace(/url\(\s*(['"]?)([^)'"]{0,4096})\1\s*\)/gi, (whole, _q, url: string) => (isSafeUrl(url) ? whole : "none"));
}

/** Only same-document references and inline raster images; nothing that loads from elsewhere. */
function isSafeUrl(url: string): boolean {
  const u = url.trim();
  return u.startsWith("#") || /^data:image\/(png|jpe?g|gif|webp|avif)[;,]/i.test(u);
}

function after(s: string, marker: string, from: number): number {
  const at = s.indexOf(marker, from);
  return at < 0 ? s.length : at + marker.length;
}

/** End of a <!…> declaration, skipping a [...] internal subset. */
function afterDeclaration(s: string, lt: number): number {
  const gt = s.indexOf(">", lt);
  const bracket = s.indexOf("[", lt);
  if (bracket >= 0 && (gt < 0 || bracket < gt)) {
    const close = s.indexOf("]", bracket);
    return close < 0 ? s.length : after(s, ">", close);
  }
  return gt < 0 ? s.length : gt + 1;
}

function decodeEntities(v: string): string {
  if (!v.includes("&")) return v;
  return v
    .replace(/&#x([0-9a-f]{1,8});?/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16) % 0x110000))
    .replace(/&#(\d{1,9});?/g, (_m, d: string) => String.fromCodePoint(Number(d) % 0x110000))
    .replace(/&colon;/gi, ":")
    .replace(/&(tab|newline);/gi, "");
}
