import { defineConfig } from "prisma/config";

// Prisma 7 reads connection settings from here, not from schema.prisma. The app itself never uses this
// file: db.server.ts builds a driver adapter (PGlite or pg). Only `prisma generate` reads it.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
