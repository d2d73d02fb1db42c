import { AppError } from "../errors";
import type { Keyset } from "./assets.repository";

// Opaque keyset cursor: (createdAt, id) of the last row of the previous page.
export const encodeCursor = (row: Keyset) => Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");

export function decodeCursor(cursor: string | null | undefined): Keyset | null {
  if (!cursor) return null;
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(at ?? "");
  if (!id || Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id))
    throw new AppError("validation", "The page cursor is not valid; start again from the first page.");
  return { createdAt, id };
}

/** A page size the caller asked for, kept within 1–200. */
export const pageLimit = (limit: number | undefined, fallback: number) => Math.min(Math.max(limit ?? fallback, 1), 200);

/** Rows fetched with `limit + 1` → the page and the cursor of the next one (null on the last page). */
export function keysetPage<T extends Keyset>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items, nextCursor: more && last ? encodeCursor(last) : null };
}
