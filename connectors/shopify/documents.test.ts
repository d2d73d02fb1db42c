// Every connector document validates against both schema files Shopify publishes (2025-01 stable,
// unstable as of 2025-10-09), so a field removed upstream fails here, not in production.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildClientSchema, buildSchema, parse, validate, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import { describe, expect, it } from "vitest";
import { DOCUMENTS } from "./documents";

const SPECS = fileURLToPath(new URL("../../../shared/specs/shopify/", import.meta.url));
const schemas: Array<[string, () => GraphQLSchema]> = [
  ["2025-01", () => buildClientSchema((JSON.parse(readFileSync(`${SPECS}admin_schema_2025-01.json`, "utf8")) as { data: IntrospectionQuery }).data)],
  ["unstable 2025-10-09", () => buildSchema(readFileSync(`${SPECS}admin_schema_unstable_2025-10-09.graphql`, "utf8"))],
];
const DEPRECATED = /\b(productCreateMedia|productUpdateMedia|productDeleteMedia|productAppendImages)\b/;

describe.each(schemas)("connector documents against the %s schema", (_name, load) => {
  const schema = load();
  it.each(Object.entries(DOCUMENTS))("%s validates", (_key, doc) => {
    expect(doc.trimStart().startsWith("#graphql")).toBe(true);
    expect(doc).not.toMatch(DEPRECATED);
    expect(validate(schema, parse(doc)).map((e) => e.message)).toEqual([]);
  });
});
