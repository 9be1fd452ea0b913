import { afterEach, describe, expect, it, vi } from "vitest";
import { readSmtpActivity } from "@/lib/console/overview/read-smtp-activity";
import { readOverview } from "@/lib/console/overview/read-overview";
import { getPool, runStatement } from "@/lib/platform/db";
import { authPlain, openRawSession } from "./raw-smtp-client";
import { captureLogLines, eventually, readRejectedCount, setUpSmtpListenerTests } from "./smtp-listener-test-kit";

const kit = setUpSmtpListenerTests();

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe("the overview's SMTP section", () => {
  it("counts sessions now and transactions accepted and rejected per minute, summed over listener processes", async () => {
    const first = await kit.start();
    const second = await kit.start();
    const credential = await kit.credential();
    const send = async (port: number, from: string) => {
      const transport = await kit.transport({ port, secure: true, auth: credential });
      return transport.sendMail({ envelope: { from, to: ["a@dest.example"] }, raw: `From: ${from}\r\nSubject: x\r\n\r\nx\r\n` }).catch(() => null);
    };
    await send(first.ports.tls!, "app@example.com");
    await send(second.ports.tls!, "app@example.com");
    await send(second.ports.tls!, "someone@unhosted.example");
    const idle = await openRawSession(first.ports.submission!);

    const activity = await eventually(readSmtpActivity, (a) => a.lastHour.accepted === 2 && a.lastHour.rejected === 1 && a.sessionsNow === 1);
    expect(activity).toMatchObject({ sessionsNow: 1, listeners: 2, lastHour: { accepted: 2, rejected: 1 } });
    expect(activity.perMinute.accepted.at(-1)! + activity.perMinute.accepted.at(-2)!).toBe(2);
    expect((await readOverview()).smtp.lastHour).toEqual({ accepted: 2, rejected: 1 });

    idle.end();
    await first.close(100);
    // A listener that stopped removes its row: its sessions no longer count.
    expect((await readSmtpActivity()).listeners).toBe(1);
  });

  it("counts, in its last flush, a message still being stored when the listener closes", async () => {
    const listener = await kit.start({ activityIntervalMs: 60_000 });
    const credential = await kit.credential();
    const transport = await kit.transport({ port: listener.ports.tls!, secure: true, auth: credential });
    // Inserts into messages wait behind this lock: the transaction is still storing its message when the listener closes.
    const blocker = await getPool().connect();
    try {
      await blocker.query("BEGIN");
      await blocker.query("LOCK TABLE messages IN SHARE MODE");
      const sent = transport.sendMail({ envelope: { from: "app@example.com", to: ["a@dest.example"] }, raw: "From: app@example.com\r\nSubject: x\r\n\r\nx\r\n" }).catch((error: Error) => error);
      await eventually(() => runStatement<{ waiting: number }>("SELECT count(*)::int AS waiting FROM pg_locks WHERE NOT granted", []), ([row]) => row.waiting > 0);
      const closed = listener.close(1_000);
      // The session is told 421 after the grace (the client's send ends with it); the insert goes on once the lock is
      // gone, within the second grace — a whole second, so a slow machine has room.
      await sent;
      await blocker.query("COMMIT");
      await closed;
    } finally {
      await blocker.query("ROLLBACK").catch(() => undefined);
      blocker.release();
    }
    expect((await readSmtpActivity()).lastHour.accepted).toBe(1);
  });

  it("counts every refusal logged as smtp.rejected once: the handlers' and smtp-server's own alike", async () => {
    const lines = captureLogLines(/"smtp\.rejected"/);
    const listener = await kit.start({ maxMessageBytes: 10_000 });
    const session = await openRawSession(listener.ports.tls!, { tls: true });
    await session.command("EHLO client.test");
    expect(await session.command(authPlain(await kit.credential()))).toMatch(/^235 /);
    const replies = [
      await session.command("MAIL FROM:<app@example.com> SIZE=30000000"),
      await session.command("MAIL FROM:<app@example.com> FOO=bar"),
      await session.command("MAIL FROM:app@example.com"),
      await session.command("MAIL FROM:<someone@unhosted.example>"),
      await session.command("MAIL FROM:<app@example.com>"),
      await session.command("RCPT TO:<not an address>"),
      await session.command("RCPT TO:<a@dest.example>"),
      await session.command("DATA"),
      // Over SIZE after all: refused once, though the handler and smtp-server both see it.
      await session.command(`${`${"x".repeat(70)}\r\n`.repeat(200)}.`),
      await session.command("JUNK"),
    ];
    session.end();
    expect(replies.map((reply) => reply.slice(0, 3))).toEqual(["552", "555", "501", "550", "250", "501", "250", "354", "552", "500"]);
    expect(lines).toHaveLength(7);
    expect(await readRejectedCount(7)).toBe(7);
  });
});
