import { afterAll, afterEach, beforeEach } from "vitest";
import { closeAllTransports } from "@/lib/engine/delivery/transport-pool";
import { drainQueue, type DrainOptions } from "@/lib/engine/queue/drain-queue";
import { resetDatabase } from "@/test/db";
import { startTestSmtpServer, type StartTestSmtpServerOptions, type TestSmtpServer } from "@/test/smtp/start-test-smtp-server";

/** Short timeouts: a dead gateway must not slow the suite down. */
export const TEST_TRANSPORT: DrainOptions["transport"] = {
  ehloName: "outgate.test",
  timeouts: { connectionMs: 1500, greetingMs: 1500, socketMs: 5000 },
};

/** Fresh database before each test; SMTP servers and pooled sessions closed after it. */
export function setUpEngineTests() {
  const servers: TestSmtpServer[] = [];
  beforeEach(resetDatabase);
  afterEach(async () => {
    closeAllTransports();
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  afterAll(() => closeAllTransports());
  return {
    async startServer(options: StartTestSmtpServerOptions = {}) {
      const server = await startTestSmtpServer(options);
      servers.push(server);
      return server;
    },
    drain(options: DrainOptions = {}) {
      return drainQueue({ maxMs: 20_000, transport: TEST_TRANSPORT, ...options });
    },
  };
}
