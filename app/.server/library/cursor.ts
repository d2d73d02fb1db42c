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
