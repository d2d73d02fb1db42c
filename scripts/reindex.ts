// `npx tsx scripts/reindex.ts [--all]`: builds the search index (Asset.searchText / searchVector) of
// assets that have none — or of every asset with --all (after a change to the tokeniser). The process
// that runs jobs does the first part by itself at start-up; PGlite allows one process, so stop the app
// first when it uses the embedded database.
import { getConfig } from "../app/.server/config";
import { openDatabase } from "../app/.server/db/database";
import { backfillSearchIndex } from "../app/.server/library/search-index.service";

const all = process.argv.includes("--all");
const config = getConfig();
const db = await openDatabase(config.database.kind === "postgres" ? config.database : { kind: "pglite", dataDir: config.database.dataDir });
try {
  const started = performance.now();
  const n = await backfillSearchIndex(db.prisma, { all });
  console.log(`indexed ${n} asset${n === 1 ? "" : "s"} in ${Math.round(performance.now() - started)} ms`);
} finally {
  await db.close();
}
