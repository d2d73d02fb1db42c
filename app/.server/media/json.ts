import type { JsonValue } from "./types";

/** Drops undefined, functions and binary data; non-finite numbers become null; BigInt becomes a string. */
export function toJson(value: unknown, depth = 0): JsonValue | undefined {
  if (value === null) return null;
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : null;
    case "bigint":
      return value.toString();
    case "object": {
      if (depth > 8 || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return undefined;
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
      if (Array.isArray(value)) return value.map((v) => toJson(v, depth + 1)).filter((v) => v !== undefined);
      const out: Record<string, JsonValue> = {};
      for (const [k, v] of Object.entries(value)) {
        const j = toJson(v, depth + 1);
        if (j !== undefined) out[k] = j;
      }
      return out;
    }
    default:
      return undefined;
  }
}

export function toJsonObject(value: object): Record<string, JsonValue> {
  const j = toJson(value);
  return j && typeof j === "object" && !Array.isArray(j) ? j : {};
}
