import { defineConfig } from "prisma/config";

// The URL is only needed by CLI commands that talk to a database (migrate deploy where the engine exists);
// `prisma generate` runs offline without it.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/outgate" },
});
