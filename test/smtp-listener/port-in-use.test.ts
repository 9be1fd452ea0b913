import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { setUpSmtpListenerTests } from "./smtp-listener-test-kit";

/**
 * A port another process holds must be a clear start-up error, never an uncaught exception: the web server starts
 * the listener beside the console and goes on without it when a port is taken (scripts/web-server.ts).
 */
describe("SMTP listener on a port in use", () => {
  const smtp = setUpSmtpListenerTests();
  const holders: net.Server[] = [];
  afterEach(async () => {
    await Promise.all(holders.splice(0).map((holder) => new Promise((resolve) => holder.close(resolve))));
  });

  async function holdAPort(): Promise<number> {
    const holder = net.createServer();
    holders.push(holder);
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    return (holder.address() as net.AddressInfo).port;
  }

  it.each(["submission", "tls", "plain"] as const)("rejects with EADDRINUSE when the %s port is taken, and nothing is left uncaught", async (role) => {
    const taken = await holdAPort();
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", onUncaught);
    try {
      const ports = { submission: 0, tls: 0, plain: 0, [role]: taken };
      await expect(smtp.start({ ports })).rejects.toMatchObject({ code: "EADDRINUSE" });
      // An 'error' event without a listener would surface after the rejection.
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off("uncaughtException", onUncaught);
    }
    expect(uncaught).toEqual([]);
  });
});
