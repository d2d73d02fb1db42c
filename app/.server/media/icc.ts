// Reads the human name ('desc' tag) of an ICC profile, e.g. "Adobe RGB (1998)". Returns undefined on anything odd.

export function iccProfileName(icc: Uint8Array | undefined): string | undefined {
  if (!icc || icc.length < 132) return undefined;
  const view = new DataView(icc.buffer, icc.byteOffset, icc.byteLength);
  const count = view.getUint32(128);
  for (let i = 0; i < Math.min(count, 100); i++) {
    const at = 132 + i * 12;
    if (at + 12 > icc.length) return undefined;
    if (ascii(icc, at, 4) !== "desc") continue;
    const off = view.getUint32(at + 4);
    const size = view.getUint32(at + 8);
    if (off + size > icc.length || size < 12) return undefined;
    const type = ascii(icc, off, 4);
    if (type === "desc") {
      const len = view.getUint32(off + 8);
      return clean(ascii(icc, off + 12, Math.min(len, size - 12)));
    }
    if (type === "mluc" && size >= 28) {
      // First record: language, country, length, offset (from the tag start) of UTF-16BE text.
      const len = view.getUint32(off + 20);
      const start = off + view.getUint32(off + 24);
      if (start + len > icc.length) return undefined;
      let s = "";
      for (let j = 0; j + 1 < len; j += 2) s += String.fromCharCode(view.getUint16(start + j));
      return clean(s);
    }
    return undefined;
  }
  return undefined;
}

function ascii(b: Uint8Array, at: number, len: number): string {
  return String.fromCharCode(...b.subarray(at, at + len));
}

function clean(s: string): string | undefined {
  const t = s.replace(/\0[\s\S]*$/, "").trim();
  return t ? t.slice(0, 200) : undefined;
}
