// Demo mode (DESIGN §10): one clearly labelled sample shop, a generated library, and an API key the
// CLI finds in .data/demo-api-key. Only reachable when the config says demo (loopback, no credentials).
import { createReadStream } from "node:fs";
import { access, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { AppServices } from "../context";
import { issueApiKey } from "../governance/api-keys.service";
import { seedDemoMembers } from "../governance/members.service";
import { editAsset } from "../library/assets.service";
import { ingestDepsOf, ingestStream } from "../library/ingest.service";
import type { Actor } from "../library/types";
import { findActiveApiKey } from "../governance/api-keys.repository";
import { updateShopSettings, upsertShop } from "./shops.repository";

export const DEMO_SHOP_DOMAIN = "assetline-demo.myshopify.com";
export const DEMO_SHOP_NAME = "Demo shop — sample data";
export const DEMO_ACTOR: Actor = { kind: "user", id: "demo-owner", name: "Demo owner", role: "admin", markets: [] };

export async function ensureDemoShop(services: AppServices, opts: { seed: boolean }) {
  const { prisma } = services.db;
  const shop = await upsertShop(prisma, DEMO_SHOP_DOMAIN, { name: DEMO_SHOP_NAME, isDemo: true });
  await seedDemoMembers(prisma, shop.id);
  await ensureDemoApiKey(services, shop.id);
  if (opts.seed) {
    const settings = (shop.settings ?? {}) as { demoSeeded?: boolean };
    if (!settings.demoSeeded) {
      // Seeding runs after start-up so the page is served at once; assets appear as they are ingested.
      void seedDemoLibrary(services, shop.id).catch((e) => console.error("[demo] seeding failed:", e));
    }
  }
  return shop;
}

export const demoApiKeyPath = (dataDir: string) => path.join(dataDir, "demo-api-key");

async function ensureDemoApiKey(services: AppServices, shopId: string) {
  const file = demoApiKeyPath(services.config.dataDir);
  const existing = await readFile(file, "utf8").catch(() => "");
  const prefix = /^al_([a-z0-9]{10})_/.exec(existing.trim())?.[1];
  if (prefix) {
    const row = await findActiveApiKey(services.db.prisma, shopId, prefix);
    if (row) return;
  }
  const key = await issueApiKey(services.db.prisma, shopId, DEMO_ACTOR, "Demo CLI key", "admin");
  await writeFile(file, `${key.token}\n`, { mode: 0o600 });
}

export async function seedDemoLibrary(services: AppServices, shopId: string): Promise<number> {
  const { generateDemoImages } = await import("../../../scripts/generate/demo-images");
  const dir = path.join(services.config.dataDir, "demo-seed");
  await mkdir(dir, { recursive: true });
  const images = await generateDemoImages(dir);
  const deps = ingestDepsOf(services);
  let created = 0;
  for (const img of images) {
    await access(img.path);
    const out = await ingestStream(deps, shopId, DEMO_ACTOR, { stream: createReadStream(img.path), filename: img.filename }, { title: img.title });
    if (out.status !== "created") continue;
    created++;
    await editAsset(deps, shopId, DEMO_ACTOR, out.assetId, {
      description: img.description,
      tags: img.tags,
      markets: img.markets,
      campaign: img.campaign ?? null,
    });
  }
  await updateShopSettings(services.db.prisma, shopId, { demoSeeded: true });
  console.log(`[demo] seeded ${created} sample assets`);
  return created;
}
