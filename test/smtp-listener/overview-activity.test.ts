import { describe, expect, it } from "vitest";
import { readSmtpActivity } from "@/lib/console/overview/read-smtp-activity";
import { readOverview } from "@/lib/console/overview/read-overview";
import { openRawSession } from "./raw-smtp-client";
import { eventually, setUpSmtpListenerTests } from "./smtp-listener-test-kit";

const kit = setUpSmtpListenerTests();

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
});
