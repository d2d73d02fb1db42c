import path from "node:path";

// TEST_RUN_ID keeps concurrent runs on one machine (several people or agents sharing a checkout and a
// PostgreSQL server) from dropping each other's templates; unset in CI, where one run is alone.
const run = (process.env.TEST_RUN_ID ?? "").replace(/[^a-z0-9_]/gi, "").toLowerCase();

export const PGLITE_TEMPLATE = path.resolve(`.cache/test/pglite-template${run ? `-${run}` : ""}.tar.gz`);
export const PG_TEMPLATE = `assetline_test_template${run ? `_${run}` : ""}`;
