// One Admin GraphQL request, after authentication: parse, validate against the 2025-01 schema, price
// it, charge the shop's bucket (THROTTLED when it cannot pay), execute, and answer with
// extensions.cost — the order Shopify follows (CHANNELS.md §1.6/§1.7).
import { execute, getOperationAST, GraphQLError, Kind, parse, validate, type DocumentNode, type FragmentDefinitionNode } from "graphql";
import { actualCost, MAX_QUERY_COST, requestedCost, type ThrottleStatus } from "./cost";
import { executionError, shopifyValidationError, syntaxError, variableError, type ShopifyGraphqlError } from "./errors";
import { mutationRoot } from "./mutations";
import { queryRoot } from "./queries";
import { adminSchema } from "./schema";
import type { ShopifySandboxState } from "./state";
import { rec, str, type Ctx } from "./views";

export interface GraphqlReply {
  status: number;
  body: { data?: unknown; errors?: ShopifyGraphqlError[] | string | Record<string, string>; extensions?: { cost: CostReport } };
}
interface CostReport {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

const rootValue = { ...queryRoot, ...mutationRoot };

export async function runGraphql(state: ShopifySandboxState, shop: string, payload: unknown): Promise<GraphqlReply> {
  const body = rec(payload);
  const query = str(body.query);
  if (!query) return { status: 400, body: { errors: { query: "Required parameter missing or invalid" } } };
  const variables = rec(body.variables);
  const bucket = state.bucket(shop);
  const cost = (requested: number, actual: number | null): CostReport => ({ requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: bucket.status() });

  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (e) {
    return { status: 200, body: { errors: [syntaxError(e as GraphQLError)], extensions: { cost: cost(0, 0) } } };
  }
  const schema = adminSchema();
  const invalid = validate(schema, document);
  if (invalid.length) return { status: 200, body: { errors: invalid.map(shopifyValidationError), extensions: { cost: cost(0, 0) } } };

  const operationName = str(body.operationName);
  const op = getOperationAST(document, operationName);
  if (!op) return { status: 200, body: { errors: [{ message: "An operation name is required", extensions: { code: "OPERATION_NAME_REQUIRED" } }] } };
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const requested = requestedCost(schema, op, fragments, variables);
  if (requested > MAX_QUERY_COST)
    return {
      status: 200,
      body: {
        errors: [
          {
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).`,
            extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_QUERY_COST },
          },
        ],
        extensions: { cost: cost(requested, null) },
      },
    };

  if (state.takeThrottle()) bucket.drain(); // the knob: as if other clients had used the bucket up
  if (!bucket.tryTake(requested))
    return { status: 200, body: { errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }], extensions: { cost: cost(requested, null) } } };

  const ctx: Ctx = { state, shop };
  const result = await execute({ schema, document, rootValue, contextValue: ctx, variableValues: variables, operationName });
  if (result.data === undefined && result.errors) {
    bucket.refund(requested); // never ran
    return { status: 200, body: { errors: result.errors.map(variableError), extensions: { cost: cost(requested, 0) } } };
  }
  // Shopify refunds what the query did not use (§1.6); the sandbox does when asked to (refundUnusedCost).
  const actual = state.refundUnusedCost ? actualCost(schema, op, fragments, variables, result.data) : requested;
  if (actual < requested) bucket.refund(requested - actual);
  const out: GraphqlReply["body"] = { data: result.data, extensions: { cost: cost(requested, actual) } };
  if (result.errors?.length) out.errors = result.errors.map(executionError);
  return { status: 200, body: out };
}
