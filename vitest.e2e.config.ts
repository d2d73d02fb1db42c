// Browser tests (DESIGN §9): `npx vitest run --config vitest.e2e.config.ts`. The global setup builds the
// app if stale and starts a demo server on a free port with a fresh data dir; tests drive headless
// Chromium (playwright-core + Debian's chromium) against it.
import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["test/e2e/**/*.e2e.ts"],
    globalSetup: ["test/e2e/global-setup.ts"],
    pool: "forks",
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 150_000,
    reporters: ["default"],
  },
});
