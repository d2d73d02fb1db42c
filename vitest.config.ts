import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["app/**/*.test.{ts,tsx}", "scripts/**/*.test.ts", "test/**/*.test.ts", "connectors/**/*.test.ts", "sandbox/**/*.test.ts"],
    // test/sync-faults.test.ts runs alone, as its own step (vitest.faults.config.ts).
    exclude: ["node_modules", "build", "test/e2e/**", "test/sync-faults.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default"],
  },
});
