// `npm test`: type-check, lint, unit + integration tests (PGlite always; PostgreSQL too when
// TEST_DATABASE_URL is set), the sync fault test (PostgreSQL only), then the browser test. Ends with one plain "N passed, N failed" line.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, existsSync } from "node:fs";

const node = process.execPath;
const bin = (pkg, file) => `node_modules/${pkg}/${file}`;
const steps = [
  { name: "typecheck", args: [bin("typescript", "bin/tsc"), "--noEmit"] },
  { name: "lint", args: [bin("eslint", "bin/eslint.js"), ".", "--max-warnings=0"] },
  { name: "unit+integration", report: ".cache/test/vitest.json", args: [bin("vitest", "vitest.mjs"), "run"] },
  // PostgreSQL only (kills a separate worker process): needs TEST_DATABASE_URL, as CI sets it.
  { name: "faults", report: ".cache/test/vitest-faults.json", needs: "TEST_DATABASE_URL", args: [bin("vitest", "vitest.mjs"), "run", "--config", "vitest.faults.config.ts"] },
  { name: "browser", report: ".cache/test/vitest-e2e.json", args: [bin("vitest", "vitest.mjs"), "run", "--config", "vitest.e2e.config.ts"] },
];
const only = process.argv.slice(2);
mkdirSync(".cache/test", { recursive: true });

let passed = 0;
let failed = 0;
const failures = [];
for (const step of steps) {
  if (only.length && !only.includes(step.name)) continue;
  if (step.needs && !process.env[step.needs]) {
    console.log(`\n▷ ${step.name}: not run (set ${step.needs} to run it)`);
    continue;
  }
  const args = step.report ? [...step.args, "--reporter=default", "--reporter=json", `--outputFile.json=${step.report}`] : step.args;
  console.log(`\n▶ ${step.name}`);
  const t0 = Date.now();
  const r = spawnSync(node, args, { stdio: "inherit", env: process.env });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (step.report && existsSync(step.report)) {
    const j = JSON.parse(readFileSync(step.report, "utf8"));
    passed += j.numPassedTests;
    failed += j.numFailedTests;
  } else if (!step.report) {
    if (r.status === 0) passed++;
    else failed++;
  }
  if (r.status !== 0) failures.push(step.name);
  console.log(`◀ ${step.name}: ${r.status === 0 ? "ok" : "FAILED"} in ${secs}s`);
}
if (failures.length) {
  console.log(`\nFailed steps: ${failures.join(", ")}`);
  if (!failed) failed = failures.length;
}
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(failures.length ? 1 : 0);
