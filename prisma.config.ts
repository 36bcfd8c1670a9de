// Prisma CLI configuration: WebAssembly schema engine over a pg driver adapter,
// so migrations need no native engine download.
import { defineConfig } from "prisma/config";
import { migrationAdapter, unrefLongTimers } from "./prisma/migration-adapter.ts";

unrefLongTimers();

// `prisma generate` never connects, but without an adapter the CLI would reach for the native engine.
const databaseUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export default defineConfig({
  schema: "prisma/schema",
  migrations: { path: "prisma/migrations" },
  engine: "js",
  experimental: { adapter: true },
  adapter: async () => migrationAdapter(databaseUrl),
});
