// Real services over a test database and a temp blob directory — the same composition the app uses.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseConfig, type Config } from "../../app/.server/config";
import { createServices, type AppServices } from "../../app/.server/context";
import { upsertShop } from "../../app/.server/shops/shops.repository";
import type { Actor } from "../../app/.server/library/types";
import { openTestDatabase, type DbKind } from "./db";

export const TEST_ACTOR: Actor = { kind: "user", id: "u-test", name: "Test editor", role: "editor", markets: [] };
export const TEST_ADMIN: Actor = { kind: "user", id: "u-admin", name: "Test admin", role: "admin", markets: [] };

export interface TestContext {
  services: AppServices;
  config: Config;
  dataDir: string;
  close(): Promise<void>;
}

export async function createTestServices(
  kind: DbKind,
  opts: { worker?: boolean; env?: Record<string, string> } = {},
): Promise<TestContext> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "assetline-test-"));
  // The model-based taggers (OCR, people/objects, safety) load models per process: test files that
  // upload images through the worker run the pixel analysers only, unless they ask (auto-tags tests do).
  const config = parseConfig({ ASSETLINE_DATA_DIR: dataDir, LOG_LEVEL: "silent", ANALYSERS: "colour,background,shape", ...opts.env });
  const db = await openTestDatabase(kind);
  const services = await createServices(config, { db, worker: opts.worker ?? false, seedDemo: false });
  return {
    services,
    config,
    dataDir,
    async close() {
      await services.close();
      await db.dropAfter();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function createTestShop(services: AppServices, domain = `shop-${Math.random().toString(36).slice(2, 8)}.myshopify.com`) {
  return upsertShop(services.db.prisma, domain, { name: domain.split(".")[0]! });
}
