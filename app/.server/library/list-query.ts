import { z } from "zod";
import { ASSET_KINDS, VERSION_STATES } from "./types";

/** Library/list query string, shared by the UI loader and GET /api/v1/assets. */
export const ListQuery = z.object({
  q: z.string().trim().max(200).optional().transform((v) => v || undefined),
  kind: z.enum(ASSET_KINDS).optional(),
  state: z.enum(VERSION_STATES).optional(),
  tag: z.string().trim().max(80).optional().transform((v) => v || undefined),
  collection: z.string().uuid("collection must be a collection id").optional(),
  archived: z.enum(["true", "false"]).optional().transform((v) => v === "true"),
  /** Content lookup: comma-separated SHA-256s (the CLI skips files the library already has). */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}(,[0-9a-f]{64}){0,99}$/, "sha256 takes up to 100 comma-separated hex SHA-256 digests")
    .optional()
    .transform((v) => (v ? v.split(",") : undefined)),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
export type ListQuery = z.infer<typeof ListQuery>;

export function parseListQuery(url: URL): ListQuery {
  const raw: Record<string, string> = {};
  for (const [k, v] of url.searchParams) if (v !== "") raw[k] = v;
  return ListQuery.parse(raw);
}
