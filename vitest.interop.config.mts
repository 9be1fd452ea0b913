import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * Interoperability with other mail software on this machine (`npm run test:interop`): a private Postfix relaying
 * through Outgate's SMTP listener. Needs the Debian postfix package and root (.ci/run installs it); kept out of
 * the unit and reliability runs, which must pass without it.
 */
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["test/interop/**/*.test.ts"],
    setupFiles: ["test/setup-env.ts"],
    testTimeout: 240_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
