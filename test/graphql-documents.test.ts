// Collects every `#graphql` document in the code (app/ and connectors/, whatever the file) and validates
// each against both Shopify schemas in ../shared/specs/shopify/. Documents that interpolate a fragment
// constant of the same file (`${MEDIA_FIELDS}`) get it substituted, as at run time.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { buildClientSchema, buildSchema, parse, validate, type IntrospectionQuery } from "graphql";
import { describe, expect, it } from "vitest";

const SPECS = path.resolve("../shared/specs/shopify");
const schemas = {
  "2025-01": buildClientSchema((JSON.parse(readFileSync(path.join(SPECS, "admin_schema_2025-01.json"), "utf8")) as { data: IntrospectionQuery }).data),
  "unstable 2025-10-09": buildSchema(readFileSync(path.join(SPECS, "admin_schema_unstable_2025-10-09.graphql"), "utf8")),
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === "node_modules" || name.startsWith(".generated") ? [] : sourceFiles(p);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

function documentsIn(file: string): Array<{ name: string; text: string }> {
  const src = readFileSync(file, "utf8");
  const constants = new Map<string, string>();
  for (const m of src.matchAll(/const\s+([A-Z_][A-Z0-9_]*)\s*=\s*`(#graphql[\s\S]*?)`/g)) constants.set(m[1]!, m[2]!);
  const out: Array<{ name: string; text: string }> = [];
  for (const m of src.matchAll(/`(#graphql[\s\S]*?)`/g)) {
    const text = m[1]!.replace(/\$\{\s*([A-Z_][A-Z0-9_]*)\s*\}/g, (_, n: string) => constants.get(n) ?? `__MISSING_${n}__`);
    if (!/^\s*#graphql\s*(query|mutation|subscription)\b/.test(text)) continue; // fragments are checked where they are used
    out.push({ name: `${path.relative(process.cwd(), file)}: ${/\b(?:query|mutation)\s+(\w+)/.exec(text)?.[1] ?? "anonymous"}`, text });
  }
  return out;
}

const documents = [...sourceFiles("app"), ...sourceFiles("connectors")].flatMap(documentsIn);

describe("every #graphql document in the code", () => {
  it("is found (the connector's reads and writes are all there)", () => {
    const names = documents.map((d) => d.name);
    expect(names.length).toBeGreaterThanOrEqual(6);
    for (const op of ["productUpdate", "fileUpdate", "productReorderMedia", "stagedUploadsCreate"]) expect(documents.some((d) => d.text.includes(op))).toBe(true);
  });
  for (const [version, schema] of Object.entries(schemas))
    it.each(documents.map((d) => [d.name, d.text] as const))(`validates against ${version}: %s`, (_name, text) => {
      expect(text).not.toMatch(/__MISSING_/);
      expect(text).not.toMatch(/\b(productCreateMedia|productUpdateMedia|productDeleteMedia)\b/);
      expect(validate(schema, parse(text)).map((e) => e.message)).toEqual([]);
    });
});
