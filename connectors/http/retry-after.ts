// Retry-After (RFC 9110 §10.2.3) is either delay-seconds or an HTTP-date; both become a wait in ms.

/** The wait the header asks for, in ms (never negative), or null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const v = value.trim();
  if (v === "") return null;
  // delay-seconds is an integer by the RFC; decimals are accepted because some proxies send them.
  if (/^\d+(\.\d+)?$/.test(v)) return Math.ceil(Number(v) * 1000);
  // HTTP-dates always name the day and month; this keeps Date.parse from reading "-5" as a year.
  if (!/[a-z]/i.test(v)) return null;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}
