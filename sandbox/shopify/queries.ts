// Query root fields the app uses: product, products (catalogue import), node(s) (media status polling)
// and job (reorder polling).
import type { ProductRecord } from "./model";
import { connection, list, mediaView, productView, str, type Args, type Ctx } from "./views";

/** A Product or MediaImage of the shop by GID (what node/nodes resolve). */
function byId(ctx: Ctx, id: string) {
  const p = ctx.state.products.get(id);
  if (p && p.shop === ctx.shop) return productView(ctx.state, p);
  const m = ctx.state.media.get(id);
  if (m && m.shop === ctx.shop) return mediaView(ctx.state, m);
  return null;
}

/** A small slice of Shopify's search syntax: `title:x`, `status:active`, `sku:x`, and bare words on the title. */
function matches(p: ProductRecord, query: string | undefined): boolean {
  if (!query) return true;
  return query
    .split(/\s+/)
    .filter(Boolean)
    .every((term) => {
      const [key, ...rest] = term.split(":");
      const value = (rest.length ? rest.join(":") : key!).replace(/\*/g, "").toLowerCase();
      if (!rest.length) return p.title.toLowerCase().includes(value);
      if (key === "title") return p.title.toLowerCase().includes(value);
      if (key === "status") return p.status.toLowerCase() === value;
      if (key === "sku") return p.sku.toLowerCase() === value;
      if (key === "id") return p.id.endsWith(`/${value}`);
      return true; // other filters are not modelled: everything matches
    });
}

export const queryRoot = {
  product: (args: Args, ctx: Ctx) => {
    const p = ctx.state.products.get(str(args.id) ?? "");
    return p && p.shop === ctx.shop ? productView(ctx.state, p) : null;
  },
  products: (args: Args, ctx: Ctx) => {
    const all = [...ctx.state.products.values()].filter((p) => p.shop === ctx.shop && matches(p, str(args.query)));
    return connection(all, args, (p) => productView(ctx.state, p));
  },
  node: (args: Args, ctx: Ctx) => byId(ctx, str(args.id) ?? ""),
  nodes: (args: Args, ctx: Ctx) => list(args.ids).map((id) => byId(ctx, String(id))),
  job: (args: Args, ctx: Ctx) => {
    const job = ctx.state.jobs.get(str(args.id) ?? "");
    return job ? { id: job.id, done: job.done, query: null } : null;
  },
};
