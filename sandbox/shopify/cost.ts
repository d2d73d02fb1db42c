// Shopify's calculated query cost and per-shop leaky bucket (CHANNELS.md §1.6). The cost model is an
// approximation of the published rules: objects 1, scalars and enums 0, connections 2 + n plus n times
// the objects each node selects, nodes(ids:) one per id, mutations 10. Good enough that big pages cost more than small ones.
import {
  getNamedType,
  isCompositeType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";

export const MUTATION_COST = 10;
export const MAX_QUERY_COST = 1000;

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export function requestedCost(
  schema: GraphQLSchema,
  op: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): number {
  if (op.operation === "mutation") return MUTATION_COST;
  const root = schema.getQueryType();
  return root ? Math.ceil(selectionCost(schema, op.selectionSet, root, fragments, variables, undefined)) : 0;
}

/**
 * What a query cost once it ran (Shopify refunds requested − actual, §1.6): the same model, with every
 * connection and nodes(ids:) list as long as what came back, and nothing beyond the field itself for an
 * object that came back null. Never more than the requested cost.
 */
export function actualCost(
  schema: GraphQLSchema,
  op: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  data: unknown,
): number {
  if (op.operation === "mutation") return MUTATION_COST;
  const root = schema.getQueryType();
  if (!root || !isData(data)) return 0;
  return Math.min(requestedCost(schema, op, fragments, variables), Math.ceil(selectionCost(schema, op.selectionSet, root, fragments, variables, data)));
}

type Data = Record<string, unknown>;
const isData = (v: unknown): v is Data => typeof v === "object" && v !== null && !Array.isArray(v);

/** `data` undefined: the requested cost (page sizes as asked); otherwise the cost of `data`, the result of `set`. */
function selectionCost(
  schema: GraphQLSchema,
  set: SelectionSetNode,
  parent: GraphQLCompositeType,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  data: Data | undefined,
): number {
  let total = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.INLINE_FRAGMENT) {
      const on = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
      if (on && isCompositeType(on)) total += selectionCost(schema, sel.selectionSet, on, fragments, variables, data);
      continue;
    }
    if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const frag = fragments[sel.name.value];
      const on = frag && schema.getType(frag.typeCondition.name.value);
      if (frag && on && isCompositeType(on)) total += selectionCost(schema, frag.selectionSet, on, fragments, variables, data);
      continue;
    }
    if (!("getFields" in parent) || !sel.selectionSet) continue; // scalars and enums cost nothing
    const field = parent.getFields()[sel.name.value];
    if (!field) continue;
    const type = getNamedType(field.type);
    if (!isCompositeType(type)) continue;
    const value = data === undefined ? undefined : data[sel.alias?.value ?? sel.name.value];
    if (data !== undefined && value === undefined) continue; // under a fragment this object did not match
    const inner = (d: Data | undefined) => selectionCost(schema, sel.selectionSet!, type, fragments, variables, d);
    if (type.name.endsWith("Connection")) {
      if (data === undefined) {
        const n = pageSize(sel.arguments ?? [], variables);
        total += 2 + n + connectionCost(schema, sel.selectionSet, type, fragments, variables, n, undefined);
      } else if (isData(value)) {
        const n = Array.isArray(value.nodes) ? value.nodes.length : Array.isArray(value.edges) ? value.edges.length : 0;
        total += 2 + n + connectionCost(schema, sel.selectionSet, type, fragments, variables, n, value);
      } else total += 2;
      continue;
    }
    if (data === undefined) {
      const ids = listSize(sel.arguments ?? [], variables);
      total += ids === null ? 1 + inner(undefined) : ids * (1 + inner(undefined)); // nodes(ids:) pays per object
    } else if (Array.isArray(value)) {
      // nodes(ids:) pays per object returned; another list of objects as one object (as requested).
      const each = value.map((v) => (isData(v) ? inner(v) : 0));
      total += listSize(sel.arguments ?? [], variables) === null ? 1 + Math.max(0, ...each) : each.reduce((a, c) => a + 1 + c, 0);
    } else total += 1 + (isData(value) ? inner(value) : 0);
  }
  return total;
}

/** nodes / edges { node } are free wrappers: what a node selects is paid once per node; pageInfo once. */
function connectionCost(
  schema: GraphQLSchema,
  set: SelectionSetNode,
  connection: GraphQLCompositeType,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  n: number,
  data: Data | undefined,
): number {
  let total = 0;
  for (const sel of set.selections) {
    if (sel.kind !== Kind.FIELD || !sel.selectionSet || !("getFields" in connection)) continue;
    const field = connection.getFields()[sel.name.value];
    const type = field && getNamedType(field.type);
    if (!type || !isCompositeType(type)) continue;
    const value = data?.[sel.alias?.value ?? sel.name.value];
    const items = Array.isArray(value) ? value : [];
    if (sel.name.value === "nodes") {
      total += data === undefined ? n * selectionCost(schema, sel.selectionSet, type, fragments, variables, undefined) : items.reduce<number>((a, v) => a + (isData(v) ? selectionCost(schema, sel.selectionSet!, type, fragments, variables, v) : 0), 0);
    } else if (sel.name.value === "edges") {
      const node = sel.selectionSet.selections.find((s) => s.kind === Kind.FIELD && s.name.value === "node");
      const nodeType = "getFields" in type ? getNamedType(type.getFields().node?.type ?? type) : type;
      if (node?.kind !== Kind.FIELD || !node.selectionSet || !isCompositeType(nodeType)) continue;
      const key = node.alias?.value ?? "node";
      total +=
        data === undefined
          ? n * selectionCost(schema, node.selectionSet, nodeType, fragments, variables, undefined)
          : items.reduce<number>((a, e) => a + (isData(e) && isData(e[key]) ? selectionCost(schema, node.selectionSet!, nodeType, fragments, variables, e[key]) : 0), 0);
    } else total += 1;
  }
  return total;
}

function listSize(args: ReadonlyArray<{ name: { value: string }; value: ValueNode }>, variables: Record<string, unknown>): number | null {
  const a = args.find((x) => x.name.value === "ids");
  if (!a) return null;
  if (a.value.kind === Kind.LIST) return a.value.values.length;
  if (a.value.kind === Kind.VARIABLE) {
    const v = variables[a.value.name.value];
    if (Array.isArray(v)) return v.length;
  }
  return null;
}

function pageSize(args: ReadonlyArray<{ name: { value: string }; value: ValueNode }>, variables: Record<string, unknown>): number {
  for (const a of args) {
    if (a.name.value !== "first" && a.name.value !== "last") continue;
    if (a.value.kind === Kind.INT) return Number(a.value.value);
    if (a.value.kind === Kind.VARIABLE) {
      const v = variables[a.value.name.value];
      if (typeof v === "number") return v;
    }
  }
  return 0;
}

/** One shop's bucket: fills at restoreRate points per second up to maximumAvailable. */
export class LeakyBucket {
  private level: number;
  private at: number;
  constructor(
    readonly maximumAvailable: number,
    readonly restoreRate: number,
    private readonly now: () => number = Date.now,
  ) {
    this.level = maximumAvailable;
    this.at = now();
  }
  available(): number {
    const t = this.now();
    this.level = Math.min(this.maximumAvailable, this.level + ((t - this.at) / 1000) * this.restoreRate);
    this.at = t;
    return this.level;
  }
  /** Takes `points` if the bucket holds them; false (nothing taken) otherwise. */
  tryTake(points: number): boolean {
    if (this.available() < points) return false;
    this.level -= points;
    return true;
  }
  refund(points: number): void {
    this.level = Math.min(this.maximumAvailable, this.available() + points);
  }
  drain(): void {
    this.available();
    this.level = 0;
  }
  status(): ThrottleStatus {
    return { maximumAvailable: this.maximumAvailable, currentlyAvailable: Math.floor(this.available()), restoreRate: this.restoreRate };
  }
}
