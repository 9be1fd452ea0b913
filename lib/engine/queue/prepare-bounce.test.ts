import { describe, expect, it } from "vitest";
import type { DeliveryReport } from "../delivery/deliver-message";
import type { ClaimedMessage } from "./claim-messages";
import { prepareBounce } from "./prepare-bounce";
import type { RecipientUpdate } from "./settle-recipients";

const original: ClaimedMessage = {
  id: "m1",
  messageId: "orig@example.org",
  envelopeFrom: "alice@example.org",
  senderDomain: "example.org",
  isBounce: false,
  attempts: 1,
  createdAt: new Date("2026-11-30T10:00:00Z"),
  pinnedGatewayId: null,
  recipients: [],
  raw: Buffer.from("From: alice@example.org\r\nSubject: Report\r\nMessage-ID: <orig@example.org>\r\n\r\nbody\r\n"),
};

const failed: RecipientUpdate[] = [{ id: 1n, address: "bob@example.net", status: "FAILED", smtpCode: 550, response: "550 5.1.1 User unknown" }];
const report: DeliveryReport = { recipients: [], attempts: [], lastError: "550", gatewayId: "g1", gatewayAddress: "smtp.example.net" };

describe("prepareBounce", () => {
  it("queues a DSN from MAILER-DAEMON at the name it is given, with its Message-ID on that name", async () => {
    const bounce = await prepareBounce(original, failed, report, { bouncesEnabled: true, reportingMta: "mta.example.org" });
    expect(bounce).toMatchObject({ envelopeFrom: "", recipients: ["alice@example.org"], senderDomain: "example.org", isBounce: true });
    const text = bounce!.raw.toString();
    expect(text).toContain("From: Mail Delivery System <MAILER-DAEMON@mta.example.org>");
    expect(text).toContain("Reporting-MTA: dns; mta.example.org");
    expect(bounce!.messageId).toMatch(/^[^@<>]+@mta\.example\.org$/);
    expect(text).toContain(`Message-ID: <${bounce!.messageId}>`);
  });

  it("follows NOTIFY: none for NEVER or SUCCESS alone, a relayed DSN for SUCCESS through a gateway without DSN, none when the gateway took the request", async () => {
    const asked = (notify: ClaimedMessage["recipients"][number]["dsn"]) => ({ ...original, dsn: { ret: "HDRS" as const, envid: "E1" }, recipients: [{ id: 1n, address: "bob@example.net", dsn: notify }] });
    const options = { bouncesEnabled: true, reportingMta: "mta.example.org" };
    expect(await prepareBounce(asked({ notify: ["NEVER"], orcpt: null }), failed, report, options)).toBeNull();
    expect(await prepareBounce(asked({ notify: ["SUCCESS"], orcpt: null }), failed, report, options)).toBeNull();
    expect(await prepareBounce(asked({ notify: ["DELAY"], orcpt: null }), failed, report, options)).toBeNull();
    const failure = await prepareBounce(asked({ notify: ["FAILURE"], orcpt: "rfc822;Bob@example.net" }), failed, report, options);
    expect(failure!.raw.toString()).toMatch(/Original-Envelope-Id: E1[\s\S]*Original-Recipient: rfc822;Bob@example\.net\r\nFinal-Recipient: rfc822; bob@example\.net\r\nAction: failed/);

    const delivered = { ...report, recipients: [{ recipient: "bob@example.net", status: "delivered" as const, code: 250, response: "250 2.0.0 Ok", failover: false }] };
    const relayed = await prepareBounce(asked({ notify: ["SUCCESS"], orcpt: null }), [], delivered, options);
    expect(relayed).toMatchObject({ subject: "Successful Mail Delivery Report", recipients: ["alice@example.org"], bounceOfId: "m1" });
    expect(relayed!.raw.toString()).toContain("Action: relayed");
    const passedOn = { ...report, recipients: [{ ...delivered.recipients[0], dsnPassedOn: true }] };
    expect(await prepareBounce(asked({ notify: ["SUCCESS"], orcpt: null }), [], passedOn, options)).toBeNull();
    expect(await prepareBounce(asked({ notify: ["FAILURE"], orcpt: null }), [], delivered, options)).toBeNull();
  });

  it("queues none when bounces are off", async () => {
    expect(await prepareBounce(original, failed, report, { bouncesEnabled: false, reportingMta: "mta.example.org" })).toBeNull();
  });
});
