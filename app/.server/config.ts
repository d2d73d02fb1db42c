// The one place that reads process.env (DESIGN §2). Everything else receives a validated Config.
import path from "node:path";
import { z } from "zod";
import { parseChannelsConfig, type ChannelsConfig } from "./config.channels";

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .transform((v) => v === "1" || v === "true" || v === "yes");
const bytes = z.coerce.number().int().positive();

const EnvSchema = z.object({
  ASSETLINE_MODE: z.enum(["demo", "shopify"]).optional(),
  NODE_ENV: z.string().optional(),
  HOST: z.string().default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SHOPIFY_API_KEY: z.string().optional(),
  SHOPIFY_API_SECRET: z.string().optional(),
  SHOPIFY_APP_URL: z.string().url().optional(),
  SCOPES: z.string().default("read_products,write_products,read_files,write_files"),
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
  DATABASE_URL: z.string().optional(),
  ASSETLINE_DATA_DIR: z.string().default(".data"),
  /** Base64 32-byte key for AES-256-GCM of tokens at rest. Required in shopify mode; demo keeps one in .data/. */
  ASSETLINE_ENCRYPTION_KEY: z.string().optional(),
  /** Comma-separated previous keys, still accepted for opening while values are re-sealed (rotation). */
  ASSETLINE_ENCRYPTION_KEYS_PREVIOUS: z.string().default(""),
  BLOB_STORE: z.enum(["fs", "s3"]).default("fs"),
  BLOB_VERIFY_ON_READ: bool.default(false),
  S3_BUCKET: z.string().optional(),
  S3_REGION: z.string().default("us-east-1"),
  S3_ENDPOINT: z.string().url().optional(),
  S3_FORCE_PATH_STYLE: bool.default(false),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_PREFIX: z.string().optional(),
  UPLOAD_MAX_BYTES: bytes.default(2 * 1024 ** 3),
  UPLOAD_MAX_IMAGE_BYTES: bytes.default(200 * 1024 ** 2),
  UPLOAD_MAX_FILES: bytes.default(100),
  IMAGE_MAX_PIXELS: bytes.default(268_402_689),
  /** inline: the worker runs inside the web process (embedded default); none: web only (scale-out). */
  ASSETLINE_WORKER: z.enum(["inline", "none"]).default("inline"),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** The auto-taggers the analyse job runs: "all", or a comma list of ids (colour,background,shape,ocr,vision,safety). */
  ANALYSERS: z
    .string()
    .default("all")
    .transform((v) => v.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean))
    .refine((ids) => ids.length > 0, "ANALYSERS: name at least one analyser, or all"),
  /** Publish/read-back jobs in flight per worker process (they wait on channels, not the CPU). */
  SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(36),
  /** At most this many of them for one channel account, so every account's rate-limit bucket stays busy. */
  // 12: a Shopify publish mostly waits on media processing (polls), so 6 left its bucket idle (bench:
  // N=200 at real speed, wall/bound 1.46 at 6, 1.02 at 12); the connectors' limiters keep the rates.
  SYNC_ACCOUNT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(12),
  /** Longest a publish/read-back job may run before pg-boss gives up on it and retries it (its hard cap). */
  SYNC_JOB_TIMEOUT_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
  /**
   * A running sync job's worker refreshes its heartbeat every half of this; a job whose heartbeat stops
   * (its worker died) is retried after this long instead of after the timeout. 0 turns heartbeats off.
   */
  SYNC_JOB_HEARTBEAT_SECONDS: z.coerce
    .number()
    .int()
    .max(3600)
    .refine((v) => v === 0 || v >= 10, "must be 0 (off) or at least 10 (pg-boss's minimum)")
    .default(30),
  /** How often a worker process looks for jobs that timed out or lost their heartbeat (pg-boss supervision). */
  JOB_SUPERVISE_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Embedded database (PGlite) only: how often the worker checks for tables to vacuum (0: never). */
  DB_MAINTENANCE_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /**
   * Benchmarks only: multiplies every channel rate limit the connectors assume (and divides the Shopify
   * media poll interval), to match sandboxes run faster than life. 1 in every real deployment.
   */
  CHANNEL_RATE_SCALE: z.coerce.number().positive().finite().default(1),
  /**
   * How Shopify gets a rendition: auto (by its URL when ASSETLINE_PUBLIC_URL is public https, else a staged
   * upload of the bytes), always (by URL: a Shopify that can reach us, like the sandbox), never (always staged).
   */
  SHOPIFY_MEDIA_BY_URL: z.enum(["auto", "always", "never"]).default("auto"),
  /** Where channels fetch rendition URLs (Amazon downloads by URL); default the app URL, or http://HOST:PORT. */
  ASSETLINE_PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /** Outgoing email for the shop's notifications, e.g. smtp://user:pass@host:587 (smtps:// for TLS on connect). */
  SMTP_URL: z
    .string()
    .optional()
    // The message must not echo the value: it carries the SMTP password.
    .refine((v) => v === undefined || v === "" || isSmtpUrl(v), "must be smtp://[user:pass@]host[:port] or smtps://…"),
  SMTP_FROM: z.string().min(3).default("Assetline <no-reply@assetline.local>"),
});

function isSmtpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === "smtp:" || u.protocol === "smtps:") && u.hostname !== "";
  } catch {
    return false;
  }
}

export type Mode = "demo" | "shopify";

export interface Config {
  mode: Mode;
  host: string;
  port: number;
  shopify: { apiKey: string; apiSecret: string; appUrl: string; scopes: string[]; customShopDomains: string[] } | null;
  database: { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string };
  dataDir: string;
  encryptionKey: string | null;
  previousEncryptionKeys: string[];
  /** Channel endpoints (real hosts by default) and app credentials. */
  channels: ChannelsConfig;
  /** CHANNEL_RATE_SCALE (benchmarks only, 1 otherwise): the factor on every channel rate limit the connectors assume. */
  channelRateScale: number;
  blobs:
    | { kind: "fs"; root: string; tempDir: string; verifyOnRead: boolean }
    | {
        kind: "s3";
        bucket: string;
        region: string;
        endpoint?: string;
        forcePathStyle: boolean;
        accessKeyId?: string;
        secretAccessKey?: string;
        prefix?: string;
        tempDir: string;
        verifyOnRead: boolean;
      };
  limits: { maxUploadBytes: number; maxImageBytes: number; maxFiles: number; maxPixels: number };
  worker: { inline: boolean; concurrency: number };
  /** Ids of the analysers the analyse job runs; null: every registered one. */
  analysers: string[] | null;
  /** Outgoing email (notifications); null when the deployment has none. The URL holds a secret: never log it. */
  smtp: { url: string; from: string } | null;
  sync: { concurrency: number; perAccount: number };
  /**
   * Job timing: a sync job's hard timeout and heartbeat (null: off), and how often a worker looks for
   * jobs whose worker died (timed out or heartbeat lost) so they are retried.
   */
  jobs: { syncTimeoutSeconds: number; syncHeartbeatSeconds: number | null; superviseIntervalSeconds: number };
  /** Seconds between the embedded database's vacuum checks (db/maintenance.ts); 0 disables them. */
  dbMaintenanceIntervalSeconds: number;
  /** Public origin of /media URLs (no trailing slash). */
  publicUrl: string;
  /** SHOPIFY_MEDIA_BY_URL: whether Shopify fetches renditions by URL (auto: when the URL is public). */
  shopifyMediaByUrl: "auto" | "always" | "never";
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
}

export class ConfigError extends Error {
  readonly kind = "config";
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);
export const isLoopbackHost = (host: string) => LOOPBACK.has(host) || host.startsWith("127.");

/** Parses an environment into a Config. Pure: tests pass their own env. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const hasShopifyCreds = Boolean(e.SHOPIFY_API_KEY || e.SHOPIFY_API_SECRET);
  const mode: Mode = e.ASSETLINE_MODE ?? (e.SHOPIFY_API_KEY ? "shopify" : "demo");

  // Demo mode fails closed: it serves one shop with no login, so it must never face a network or real
  // credentials. The guard is the mode itself, not NODE_ENV (remix-serve sets NODE_ENV=production).
  if (mode === "demo") {
    if (hasShopifyCreds)
      throw new ConfigError(
        "Demo mode refuses to start with Shopify credentials set (SHOPIFY_API_KEY/SHOPIFY_API_SECRET). " +
          "Unset them for the demo, or set ASSETLINE_MODE=shopify.",
      );
    if (!isLoopbackHost(e.HOST))
      throw new ConfigError(`Demo mode only binds to loopback (HOST=${e.HOST}); it has no login.`);
  }
  let shopify: Config["shopify"] = null;
  if (mode === "shopify") {
    const missing = (["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "ASSETLINE_ENCRYPTION_KEY"] as const)
      .filter((k) => !e[k]);
    if (missing.length) throw new ConfigError(`Shopify mode needs ${missing.join(", ")}.`);
    shopify = {
      apiKey: e.SHOPIFY_API_KEY!,
      apiSecret: e.SHOPIFY_API_SECRET!,
      appUrl: e.SHOPIFY_APP_URL!,
      scopes: e.SCOPES.split(",").map((s) => s.trim()).filter(Boolean),
      customShopDomains: e.SHOP_CUSTOM_DOMAIN ? [e.SHOP_CUSTOM_DOMAIN] : [],
    };
  }
  if (e.ASSETLINE_ENCRYPTION_KEY && Buffer.from(e.ASSETLINE_ENCRYPTION_KEY, "base64").length !== 32)
    throw new ConfigError("ASSETLINE_ENCRYPTION_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32).");

  const previousKeys = e.ASSETLINE_ENCRYPTION_KEYS_PREVIOUS.split(",").map((k) => k.trim()).filter(Boolean);
  if (previousKeys.some((k) => Buffer.from(k, "base64").length !== 32))
    throw new ConfigError("ASSETLINE_ENCRYPTION_KEYS_PREVIOUS must list 32-byte base64 keys, separated by commas.");

  let channels: ChannelsConfig;
  try {
    channels = parseChannelsConfig(env);
  } catch (err) {
    const issues = err instanceof z.ZodError ? err.issues.map((i) => `  ${i.path.join(".") || "AMAZON_CONSENT_URL_*"}: ${i.message}`).join("\n") : String(err);
    throw new ConfigError(`Invalid channel settings:\n${issues}`);
  }

  const dataDir = path.resolve(e.ASSETLINE_DATA_DIR);
  const tempDir = path.join(dataDir, "tmp");
  let blobs: Config["blobs"];
  if (e.BLOB_STORE === "s3") {
    if (!e.S3_BUCKET) throw new ConfigError("BLOB_STORE=s3 needs S3_BUCKET.");
    blobs = {
      kind: "s3",
      bucket: e.S3_BUCKET,
      region: e.S3_REGION,
      endpoint: e.S3_ENDPOINT,
      forcePathStyle: e.S3_FORCE_PATH_STYLE,
      accessKeyId: e.S3_ACCESS_KEY_ID,
      secretAccessKey: e.S3_SECRET_ACCESS_KEY,
      prefix: e.S3_PREFIX,
      tempDir,
      verifyOnRead: e.BLOB_VERIFY_ON_READ,
    };
  } else {
    blobs = { kind: "fs", root: path.join(dataDir, "blobs"), tempDir, verifyOnRead: e.BLOB_VERIFY_ON_READ };
  }
  return {
    mode,
    host: e.HOST,
    port: e.PORT,
    shopify,
    database: e.DATABASE_URL
      ? { kind: "postgres", url: e.DATABASE_URL }
      : { kind: "pglite", dataDir: path.join(dataDir, "pglite") },
    dataDir,
    encryptionKey: e.ASSETLINE_ENCRYPTION_KEY ?? null,
    previousEncryptionKeys: previousKeys,
    channels,
    channelRateScale: e.CHANNEL_RATE_SCALE,
    shopifyMediaByUrl: e.SHOPIFY_MEDIA_BY_URL,
    blobs,
    limits: {
      maxUploadBytes: e.UPLOAD_MAX_BYTES,
      maxImageBytes: e.UPLOAD_MAX_IMAGE_BYTES,
      maxFiles: e.UPLOAD_MAX_FILES,
      maxPixels: e.IMAGE_MAX_PIXELS,
    },
    worker: { inline: e.ASSETLINE_WORKER === "inline", concurrency: e.WORKER_CONCURRENCY },
    analysers: e.ANALYSERS.includes("all") ? null : e.ANALYSERS,
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.SMTP_FROM } : null,
    sync: { concurrency: e.SYNC_CONCURRENCY, perAccount: e.SYNC_ACCOUNT_CONCURRENCY },
    jobs: {
      syncTimeoutSeconds: e.SYNC_JOB_TIMEOUT_SECONDS,
      syncHeartbeatSeconds: e.SYNC_JOB_HEARTBEAT_SECONDS || null,
      superviseIntervalSeconds: e.JOB_SUPERVISE_INTERVAL_SECONDS,
    },
    dbMaintenanceIntervalSeconds: e.DB_MAINTENANCE_INTERVAL_SECONDS,
    publicUrl: (e.ASSETLINE_PUBLIC_URL ?? shopify?.appUrl ?? `http://${e.HOST.includes(":") ? `[${e.HOST}]` : e.HOST}:${e.PORT}`).replace(/\/+$/, ""),
    logLevel: e.LOG_LEVEL,
  };
}

let cached: Config | null = null;
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
/** Tests and the composition root may install a config built from their own env. */
export function setConfig(config: Config | null): void {
  cached = config;
}
