// The real Admin GraphQL schema the sandbox validates and executes against (DESIGN §7: requests are
// checked against Shopify's own schema, not a hand-written one). Built once per process: ~0.3 s.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

/** ../shared/specs/shopify next to the repository (read-only specs shared by every engineer). */
export const SHOPIFY_SPECS_DIR = fileURLToPath(new URL("../../../shared/specs/shopify/", import.meta.url));
export const SCHEMA_2025_01 = `${SHOPIFY_SPECS_DIR}admin_schema_2025-01.json`;

let cached: GraphQLSchema | null = null;

export function adminSchema(): GraphQLSchema {
  if (cached) return cached;
  const parsed = JSON.parse(readFileSync(SCHEMA_2025_01, "utf8")) as { data?: IntrospectionQuery } & Partial<IntrospectionQuery>;
  const introspection = parsed.data ?? (parsed as IntrospectionQuery);
  cached = buildClientSchema(introspection);
  return cached;
}
