import { afterEach, describe, expect, it, vi } from "vitest";
import type { GatewayConnection } from "../engine/delivery/types";

// Two copies of a module in one process, as the web server has (lib/ through tsx and again inside Next's bundle):
// vi.resetModules() makes the next import evaluate the module afresh, a second copy with its own module scope.
async function twoCopies<M>(load: () => Promise<M>): Promise<[M, M]> {
  vi.resetModules();
  const first = await load();
  vi.resetModules();
  const second = await load();
  expect(second, "a second copy of the module").not.toBe(first);
  return [first, second];
}

afterEach(() => {
  vi.resetModules();
});

describe("getProcessSingleton", () => {
  it("gives two copies of the helper the one value made by the first call", async () => {
    const [a, b] = await twoCopies(() => import("./process-singleton"));
    const create = vi.fn(() => ({ made: Date.now() }));
    const fromA = a.getProcessSingleton("outgate.test.two-copies", create);
    expect(b.getProcessSingleton("outgate.test.two-copies", create)).toBe(fromA);
    expect(create).toHaveBeenCalledTimes(1);
    expect(a.getProcessSingleton("outgate.test.another-name", () => ({}))).not.toBe(fromA);
  });
});

describe("the per-process state of lib/, from two module copies", () => {
  it("one connection pool and one Prisma client", async () => {
    const [a, b] = await twoCopies(() => import("./db"));
    expect(b.getPool()).toBe(a.getPool());
    expect(b.getDb()).toBe(a.getDb());
  });

  it("one enqueue batcher", async () => {
    const [a, b] = await twoCopies(() => import("../engine/queue/create-enqueue-batcher"));
    expect(b.getEnqueueBatcher()).toBe(a.getEnqueueBatcher());
  });

  it("one SMTP pool per gateway", async () => {
    const [a, b] = await twoCopies(() => import("../engine/delivery/transport-pool"));
    const gateway: GatewayConnection = { id: "gateway-1", address: "127.0.0.1", port: 2525, encryption: "NONE", verifyCertificate: false, auth: null };
    try {
      expect(b.getTransport(gateway, "v1")).toBe(a.getTransport(gateway, "v1"));
    } finally {
      b.closeAllTransports();
    }
  });

  it("one SmarterMail token cache", async () => {
    const [a, b] = await twoCopies(() => import("../engine/smartermail/token-cache"));
    const token = { accessToken: "t1", reuseUntil: Date.now() + 60_000 };
    const loginAgain = vi.fn(async () => ({ accessToken: "t2", reuseUntil: Date.now() + 60_000 }));
    try {
      await a.getToken("server\nuser\nhash", async () => token);
      expect(await b.getToken("server\nuser\nhash", loginAgain)).toBe(token);
      expect(loginAgain).not.toHaveBeenCalled();
    } finally {
      b.clearSmarterMailTokenCache();
    }
  });

  it("one spool-count cache", async () => {
    const [a, b] = await twoCopies(() => import("../engine/smartermail/spool-count-cache"));
    try {
      await a.getSpoolCount("gateway-1", "settings-1", async () => ({ default: 7, waiting: 1, raw: {} }));
      expect(b.peekSpoolCounts(["gateway-1"]).get("gateway-1")).toMatchObject({ count: 7 });
    } finally {
      b.clearSpoolCountCache();
    }
  });

  it("one in-process drain loop", async () => {
    const [a, b] = await twoCopies(() => import("../start-up/start-in-process-worker"));
    try {
      const loop = a.startInProcessWorker();
      expect(loop).not.toBeNull();
      expect(b.startInProcessWorker()).toBe(loop);
      await b.stopInProcessWorker();
      expect(a.startInProcessWorker(), "stopped by the other copy, so this start makes a new loop").not.toBe(loop);
    } finally {
      await a.stopInProcessWorker();
    }
  });
});
