// Connectors hard-code no host outside their defaults: every real host is a named default the app
// overrides from its settings (issue #4 §11), so the same code reaches the real API or a sandbox.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The files that declare defaults, and the constants they may declare.
const DEFAULTS: Record<string, RegExp> = {
  "connectors/amazon/hosts.ts": /^(export )?const [A-Z_]+ = |^\s+(na|eu|fe): "/,
  "connectors/tiktok/auth.ts": /^(export )?const [A-Z_]+ = /,
  "connectors/tiktok/client.ts": /^(export )?const [A-Z_]+ = /,
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(n) && !/\.test\.ts$/.test(n) ? [p] : [];
  });
}

describe("connector hosts", () => {
  it("appear only as named defaults", () => {
    const offenders: string[] = [];
    for (const file of files("connectors")) {
      if (file.startsWith(path.join("connectors", "fake"))) continue; // the in-memory fake talks to nobody
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, i) => {
          if (!/https?:\/\//.test(line) || /^\s*(\/\/|\*|\/\*)/.test(line)) return;
          if (DEFAULTS[file]?.test(line)) return;
          offenders.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
