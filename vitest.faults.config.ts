// The sync engine's fault test (issue #6: kill -9 of a separate worker process 20+ times mid-propagation,
// with 429 storms, 5xx, expiring tokens and stalls) runs as its own `npm test` step after the unit and
// integration files: it times real worker restarts and heartbeats, so it gets the machine to itself.
// PostgreSQL only (a second process cannot open the embedded PGlite): skipped without TEST_DATABASE_URL.
import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["test/sync-faults.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    pool: "forks",
    poolOptions: { forks: { singleFork: true } },
    testTimeout: 600_000,
    hookTimeout: 180_000,
    reporters: ["default"],
  },
});
