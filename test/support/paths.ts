import path from "node:path";

export const PGLITE_TEMPLATE = path.resolve(".cache/test/pglite-template.tar.gz");
export const PG_TEMPLATE = "assetline_test_template";
