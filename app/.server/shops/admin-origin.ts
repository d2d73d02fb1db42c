// SHOPIFY_ADMIN_ORIGIN (issue #4 §11): Admin API and token calls that the Shopify library would send to
// https://{shop} go to this origin instead (a sandbox, a recording proxy). Other URLs pass through.
export function rewriteShopOrigin(url: string, origin: string | null): string {
  if (!origin) return url;
  const u = new URL(url);
  if (!u.hostname.endsWith(".myshopify.com")) return url;
  const target = new URL(origin);
  u.protocol = target.protocol;
  u.host = target.host;
  return u.toString();
}
