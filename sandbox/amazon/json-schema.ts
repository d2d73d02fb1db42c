// A validator for the slice of Swagger 2.0 / JSON Schema draft 4 the SP-API models use for request
// bodies ($ref, type, required, properties, items, enum, minItems, maxItems, additionalProperties).
// Written here rather than imported so the sandbox judges bodies by the model file itself, with no
// dependency shared with the connector it checks.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface SchemaNode {
  $ref?: string;
  type?: string;
  required?: string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  enum?: Json[];
  minItems?: number;
  maxItems?: number;
  additionalProperties?: boolean | SchemaNode;
}

export type Definitions = Record<string, SchemaNode>;

const typeOf = (v: Json): string => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

function typeMatches(type: string, v: Json): boolean {
  const t = typeOf(v);
  if (type === "integer") return t === "number" && Number.isInteger(v);
  return t === type;
}

/** Problems with `value` against `schema`, as "path: message" strings; empty when it conforms. */
export function validateSchema(schema: SchemaNode, value: Json, defs: Definitions, path = "body"): string[] {
  if (schema.$ref) {
    const name = schema.$ref.replace(/^#\/definitions\//, "");
    const target = defs[name];
    if (!target) throw new Error(`Model has no definition ${name}`);
    return validateSchema(target, value, defs, path);
  }
  if (schema.type && !typeMatches(schema.type, value)) return [`${path}: expected ${schema.type}, got ${typeOf(value)}`];
  const out: string[] = [];
  if (schema.enum && !schema.enum.includes(value)) out.push(`${path}: must be one of ${schema.enum.join(", ")}`);
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) out.push(`${path}: needs at least ${schema.minItems} item(s)`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) out.push(`${path}: at most ${schema.maxItems} item(s)`);
    if (schema.items) value.forEach((v, i) => out.push(...validateSchema(schema.items!, v, defs, `${path}[${i}]`)));
  } else if (value !== null && typeof value === "object") {
    for (const k of schema.required ?? []) if (!(k in value)) out.push(`${path}: '${k}' is required`);
    for (const [k, v] of Object.entries(value)) {
      const prop = schema.properties?.[k];
      if (prop) out.push(...validateSchema(prop, v, defs, `${path}.${k}`));
      else if (schema.additionalProperties === false) out.push(`${path}: unknown property '${k}'`);
      else if (typeof schema.additionalProperties === "object") out.push(...validateSchema(schema.additionalProperties, v, defs, `${path}.${k}`));
    }
  }
  return out;
}
