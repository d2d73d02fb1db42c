import type { AppLoadContext } from "@remix-run/node";

/** The client's address as the server saw it (server.mjs puts it in the load context). */
export function clientIp(context: AppLoadContext): string {
  const ip = (context as { clientIp?: unknown }).clientIp;
  return typeof ip === "string" && ip ? ip : "unknown";
}
