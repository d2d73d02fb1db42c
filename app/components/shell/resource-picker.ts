// App Bridge's product picker, when the app runs inside Shopify admin (App Bridge's script cannot load
// offline, so the demo and plain browsers get null and use the Polaris listings browser instead).
interface AppBridgeGlobal {
  resourcePicker?: (opts: { type: "product"; multiple: boolean; action: "select" }) => Promise<Array<{ id: string }> | undefined>;
}

export function hasProductPicker(): boolean {
  return typeof window !== "undefined" && typeof (window as unknown as { shopify?: AppBridgeGlobal }).shopify?.resourcePicker === "function";
}

/** The chosen products' GIDs, or null when the picker is not available or was closed. */
export async function pickShopifyProducts(): Promise<string[] | null> {
  if (!hasProductPicker()) return null;
  const picker = (window as unknown as { shopify: Required<AppBridgeGlobal> }).shopify.resourcePicker;
  const chosen = await picker({ type: "product", multiple: true, action: "select" });
  return chosen?.length ? chosen.map((p) => p.id) : null;
}
