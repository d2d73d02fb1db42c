// Finds a data file the sandboxes ship (schemas, models) whether the code runs from source (tests, tsx)
// or bundled into build/server (the demo): walk up from the module until `<repo>/<relative>` exists.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export function sandboxFile(relativeToRepo: string, moduleUrl: string): string {
  let dir = path.dirname(fileURLToPath(moduleUrl));
  for (let i = 0; i < 8; i++) {
    const candidate = path.join(dir, relativeToRepo);
    if (existsSync(candidate)) return candidate;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  const fromCwd = path.resolve(relativeToRepo);
  if (existsSync(fromCwd)) return fromCwd;
  throw new Error(`Sandbox data file not found: ${relativeToRepo}`);
}
