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
  return root ? Math.ceil(selectionCost(schema, op.selectionSet, root, fragments, variables)) : 0;
}

function selectionCost(
  schema: GraphQLSchema,
  set: SelectionSetNode,
  parent: GraphQLCompositeType,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): number {
  let total = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.INLINE_FRAGMENT) {
      const on = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
      if (on && isCompositeType(on)) total += selectionCost(schema, sel.selectionSet, on, fragments, variables);
      continue;
    }
    if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const frag = fragments[sel.name.value];
      const on = frag && schema.getType(frag.typeCondition.name.value);
      if (frag && on && isCompositeType(on)) total += selectionCost(schema, frag.selectionSet, on, fragments, variables);
      continue;
    }
    if (!("getFields" in parent) || !sel.selectionSet) continue; // scalars and enums cost nothing
    const field = parent.getFields()[sel.name.value];
    if (!field) continue;
    const type = getNamedType(field.type);
    if (!isCompositeType(type)) continue;
    if (type.name.endsWith("Connection")) {
      const n = pageSize(sel.arguments ?? [], variables);
      total += 2 + n + connectionCost(schema, sel.selectionSet, type, fragments, variables, n);
      continue;
    }
    const inner = selectionCost(schema, sel.selectionSet, type, fragments, variables);
    const ids = listSize(sel.arguments ?? [], variables);
    total += ids === null ? 1 + inner : ids * (1 + inner); // nodes(ids:) pays per object
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
): number {
  let total = 0;
  for (const sel of set.selections) {
    if (sel.kind !== Kind.FIELD || !sel.selectionSet || !("getFields" in connection)) continue;
    const field = connection.getFields()[sel.name.value];
    const type = field && getNamedType(field.type);
    if (!type || !isCompositeType(type)) continue;
    if (sel.name.value === "nodes") total += n * selectionCost(schema, sel.selectionSet, type, fragments, variables);
    else if (sel.name.value === "edges") {
      const node = sel.selectionSet.selections.find((s) => s.kind === Kind.FIELD && s.name.value === "node");
      const nodeType = "getFields" in type ? getNamedType(type.getFields().node?.type ?? type) : type;
      if (node?.kind === Kind.FIELD && node.selectionSet && isCompositeType(nodeType)) total += n * selectionCost(schema, node.selectionSet, nodeType, fragments, variables);
    } else total += 1;
  }
  return total;
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
