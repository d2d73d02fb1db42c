// LIKE patterns from user text. PostgreSQL's LIKE treats % and _ as wildcards (backslash is the default
// escape); Prisma's `contains` / `startsWith` pass the text into a LIKE pattern without escaping them, so
// "100%" would match every title starting "100" — every caller escapes through here.

/** `s` with LIKE's wildcards and escape character taken literally. */
export function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, "\\$&");
}
