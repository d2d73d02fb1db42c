// Top-level GraphQL errors as Shopify words them. Shopify runs graphql-ruby, so a document that does not
// validate is answered (HTTP 200) with graphql-ruby's messages and extensions.code, not graphql-js's.
import type { GraphQLError } from "graphql";

export interface ShopifyGraphqlError {
  message: string;
  locations?: Array<{ line: number; column: number }>;
  path?: Array<string | number>;
  extensions?: Record<string, unknown>;
}

type Rule = [RegExp, (m: RegExpMatchArray) => { message: string; extensions: Record<string, unknown> }];

// graphql-js message → graphql-ruby message and code, for the mistakes a connector is likely to make.
const RULES: Rule[] = [
  [
    /^Cannot query field "(\w+)" on type "(\w+)"/,
    (m) => ({ message: `Field '${m[1]}' doesn't exist on type '${m[2]}'`, extensions: { code: "undefinedField", typeName: m[2], fieldName: m[1] } }),
  ],
  [
    /^Unknown argument "(\w+)" on field "(\w+)\.(\w+)"/,
    (m) => ({ message: `Field '${m[3]}' doesn't accept argument '${m[1]}'`, extensions: { code: "argumentNotAccepted", name: m[3], typeName: "Field", argumentName: m[1] } }),
  ],
  [
    /^Field "(\w+)\.(\w+)" argument "(\w+)" of type "(.+)" is required/,
    (m) => ({ message: `Field '${m[2]}' is missing required arguments: ${m[3]}`, extensions: { code: "missingRequiredArguments", className: "Field", name: m[2], arguments: m[3] } }),
  ],
  [
    /^Unknown type "(\w+)"/,
    (m) => ({ message: `No such type ${m[1]}, so it can't be a fragment condition`, extensions: { code: "undefinedType", typeName: m[1] } }),
  ],
  [
    /^Variable "\$(\w+)" is never used/,
    (m) => ({ message: `Variable $${m[1]} is declared by anonymous query but not used`, extensions: { code: "variableNotUsed", variableName: m[1] } }),
  ],
  [
    /^Variable "\$(\w+)" is not defined/,
    (m) => ({ message: `Variable $${m[1]} is used by anonymous query but not declared`, extensions: { code: "variableNotDefined", variableName: m[1] } }),
  ],
  [
    /^Field "(\w+)" of type "(.+)" must have a selection of subfields/,
    (m) => ({ message: `Field must have selections (field '${m[1]}' returns ${m[2].replace(/[!\[\]]/g, "")} but has no selections. Did you mean '${m[1]} { ... }'?)`, extensions: { code: "selectionMismatch", nodeName: `field '${m[1]}'`, typeName: m[2] } }),
  ],
];

export function shopifyValidationError(e: GraphQLError): ShopifyGraphqlError {
  const locations = e.locations?.map((l) => ({ line: l.line, column: l.column }));
  for (const [re, make] of RULES) {
    const m = e.message.match(re);
    if (m) return { ...make(m), locations };
  }
  return { message: e.message, locations, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } };
}

export const syntaxError = (e: GraphQLError): ShopifyGraphqlError => ({
  message: e.message.replace(/^Syntax Error: /, "syntax error, "),
  locations: e.locations?.map((l) => ({ line: l.line, column: l.column })),
});

/** Errors raised while coercing variables read as Shopify's INVALID_VARIABLE. */
export const variableError = (e: GraphQLError): ShopifyGraphqlError => ({
  message: e.message,
  locations: e.locations?.map((l) => ({ line: l.line, column: l.column })),
  extensions: { code: "INVALID_VARIABLE" },
});

export const executionError = (e: GraphQLError): ShopifyGraphqlError => ({
  message: e.message,
  locations: e.locations?.map((l) => ({ line: l.line, column: l.column })),
  path: e.path ? [...e.path] : undefined,
  extensions: { code: typeof e.extensions?.code === "string" ? e.extensions.code : "INTERNAL_SERVER_ERROR" },
});
