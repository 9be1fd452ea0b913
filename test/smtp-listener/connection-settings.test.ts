import { describe, expect, it } from "vitest";
import { readSmtpConnectionSettings } from "@/lib/console/smtp-credentials/read-smtp-connection-settings";
import { getHostName } from "@/lib/platform/host-name";
import { eventually, setUpSmtpListenerTests } from "./smtp-listener-test-kit";

const kit = setUpSmtpListenerTests();

describe("the SMTP page's connection settings", () => {
  it("shows each port a running listener reported, with its kind and bind address, and the name clients use", async () => {
    const listener = await kit.start();
    const running = (kind: string, port: number | null) => ({ kind, port, host: "127.0.0.1", running: true, listeners: 1 });
    const settings = await eventually(readSmtpConnectionSettings, (value) => value.ports.filter((port) => port.running).length === 3);

    expect(settings.hostName).toBe((await getHostName()).name.replace(/^\[(?:IPv6:)?(.*)\]$/i, "$1"));
    expect(settings.ports.filter((port) => port.running)).toEqual([
      running("submission", listener.ports.submission),
      running("tls", listener.ports.tls),
      running("plain", listener.ports.plain),
    ]);
  });

  it("forgets a stopped listener's ports and lists the ports this process is configured for as not running", async () => {
    const first = await kit.start({ ports: { submission: 0, tls: null, plain: null } });
    const port = first.ports.submission!;
    await first.close(100);
    // The configured ports of this process (OUTGATE_SMTP_*) are listed even when no listener serves them.
    const settings = await readSmtpConnectionSettings();
    expect(settings.ports.some((entry) => entry.port === port)).toBe(false);
    expect(settings.ports.every((entry) => !entry.running)).toBe(true);
    expect(settings.ports.map((entry) => entry.kind)).toEqual(expect.arrayContaining(["submission", "tls"]));
  });
});
