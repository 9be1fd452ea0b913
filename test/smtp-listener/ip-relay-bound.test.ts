import { describe, expect, it } from "vitest";
import { queuedMessages, setUpSmtpListenerTests } from "./smtp-listener-test-kit";

const kit = setUpSmtpListenerTests();

const message = (id: string, from: string) => `From: ${from}\r\nTo: victim@example.net\r\nSubject: ${id}\r\nMessage-ID: <${id}@example.com>\r\n\r\nBody\r\n`;

// Rows stored before IP-only relay had a bound (kit.credential writes through the use case, past the form's schema).
describe("IP-only relay credentials stored with a network too wide for relay", () => {
  it("never relay without AUTH from 0.0.0.0/0: the tester's stranger at 127.0.0.5 must AUTH", async () => {
    const listener = await kit.start();
    await kit.credential({ ipRelay: true, allowedNetworks: ["0.0.0.0/0"] });
    const transport = await kit.transport({ port: listener.ports.plain!, secure: false, ignoreTLS: true, localAddress: "127.0.0.5" });
    await expect(transport.sendMail({ envelope: { from: "ceo@example.com", to: ["victim@example.net"] }, raw: message("open", "ceo@example.com") })).rejects.toMatchObject({ responseCode: 530 });
    expect(await queuedMessages()).toEqual([]);
  });

  it("keep relaying for their networks within the bound, and only for those", async () => {
    const listener = await kit.start();
    const relay = await kit.credential({ ipRelay: true, allowedNetworks: ["0.0.0.0/1", "128.0.0.0/1", "127.0.0.0/30"] });
    const inside = await kit.transport({ port: listener.ports.plain!, secure: false, ignoreTLS: true, localAddress: "127.0.0.2" });
    await inside.sendMail({ envelope: { from: "app@example.com", to: ["a@dest.example"] }, raw: message("inside", "app@example.com") });
    const outside = await kit.transport({ port: listener.ports.plain!, secure: false, ignoreTLS: true, localAddress: "127.0.0.5" });
    await expect(outside.sendMail({ envelope: { from: "app@example.com", to: ["a@dest.example"] }, raw: message("outside", "app@example.com") })).rejects.toMatchObject({ responseCode: 530 });
    expect((await queuedMessages()).map((m) => [m.messageId, m.smtpCredentialId])).toEqual([["inside@example.com", relay.id]]);
  });
});
