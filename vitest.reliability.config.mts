import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * The reliability suite: real processes (the production server, `npm run worker`, embedded PostgreSQL, SMTP
 * sinks) under crashes, outages and bad input. Runs after `next build`.
 */
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["test/reliability/**/*.test.ts"],
    setupFiles: ["test/setup-env.ts"],
    testTimeout: 240_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
