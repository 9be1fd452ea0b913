import { describe, expect, it } from "vitest";
import { toMessageRows } from "@/app/(console)/messages/to-message-rows";
import { describeSmtpArrival } from "@/lib/console/messages/describe-smtp-arrival";
import { getMessageDetail } from "@/lib/console/messages/get-message-detail";
import { listMessages } from "@/lib/console/messages/list-messages";
import { getDb } from "@/lib/platform/db";
import { insertTestMessage } from "@/test/queue/insert-test-message";
import { setUpSmtpListenerTests } from "./smtp-listener-test-kit";

const kit = setUpSmtpListenerTests();

describe("SMTP-submitted messages in the console", () => {
  it("are marked in Messages and on their page with the client's address and the credential", async () => {
    const listener = await kit.start();
    const credential = await kit.credential();
    const transport = await kit.transport({ port: listener.ports.tls!, secure: true, auth: credential });
    await transport.sendMail({ envelope: { from: "app@example.com", to: ["a@dest.example"] }, raw: "From: app@example.com\r\nSubject: via smtp\r\n\r\nx\r\n" });
    await insertTestMessage({ from: "api@example.com" });

    const { items } = await listMessages();
    const rows = toMessageRows(items, new Date());
    expect(rows.map((row) => [row.sender, row.arrival])).toEqual([
      ["api@example.com", null],
      ["app@example.com", `via SMTP from 127.0.0.1 with Test client (${credential.username})`],
    ]);

    const smtpId = items.find((item) => item.submittedVia === "smtp")!.id;
    const detail = (await getMessageDetail(smtpId))!;
    expect(await describeSmtpArrival(detail)).toBe(`via SMTP from 127.0.0.1 with Test client (${credential.username})`);
    await getDb().smtpCredential.delete({ where: { id: credential.id } });
    expect(await describeSmtpArrival(detail)).toBe("via SMTP from 127.0.0.1 with a deleted SMTP credential");
    expect(toMessageRows((await listMessages()).items, new Date())[1].arrival).toBe("via SMTP from 127.0.0.1 with a deleted SMTP credential");
  });
});
