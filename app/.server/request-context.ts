// Which HTTP request or job is running, so an audit event can name it (Governance §6: "request id").
// The store lives on a global symbol: server.mjs (outside the bundle) opens it per request and the
// bundled app reads it, and both must see the same AsyncLocalStorage instance.
import { AsyncLocalStorage } from "node:async_hooks";

export interface RequestScope {
  requestId: string;
}

const KEY = Symbol.for("assetline.request-context");
const holder = globalThis as typeof globalThis & { [KEY]?: AsyncLocalStorage<RequestScope> };
const storage: AsyncLocalStorage<RequestScope> = (holder[KEY] ??= new AsyncLocalStorage<RequestScope>());

/** The id of the request or job being served, or null outside one (scripts, tests). */
export const currentRequestId = (): string | null => storage.getStore()?.requestId ?? null;

/** Runs `fn` as part of the named request or job. */
export const withRequestId = <T>(requestId: string, fn: () => T): T => storage.run({ requestId }, fn);

