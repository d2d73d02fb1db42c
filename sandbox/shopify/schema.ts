// The real Admin GraphQL schema the sandbox validates and executes against (DESIGN §7: requests are
// checked against Shopify's own schema, not a hand-written one). Built once per process: ~0.3 s.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import { sandboxFile } from "../files";

/** ../shared/specs/shopify next to the repository (read-only specs shared by every engineer; tests use both schemas there). */
export const SHOPIFY_SPECS_DIR = fileURLToPath(new URL("../../../shared/specs/shopify/", import.meta.url));
/** The sandbox ships its own copy of the 2025-01 introspection (gzipped), so the demo runs without ../shared. */
export const SCHEMA_2025_01 = "sandbox/shopify/admin_schema_2025-01.json.gz";

let cached: GraphQLSchema | null = null;

export function adminSchema(): GraphQLSchema {
  if (cached) return cached;
  const parsed = JSON.parse(gunzipSync(readFileSync(sandboxFile(SCHEMA_2025_01, import.meta.url))).toString("utf8")) as { data?: IntrospectionQuery } & Partial<IntrospectionQuery>;
  const introspection = parsed.data ?? (parsed as IntrospectionQuery);
  cached = buildClientSchema(introspection);
  return cached;
}
