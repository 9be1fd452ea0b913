import type os from "node:os";
import { describe, expect, it } from "vitest";
import { describeListening } from "./describe-listening";

const interfaces = {
  lo: [{ address: "127.0.0.1", family: "IPv4", internal: true }],
  eth0: [
    { address: "192.0.2.10", family: "IPv4", internal: false },
    { address: "2001:db8::10", family: "IPv6", internal: false },
    { address: "fe80::1", family: "IPv6", internal: false },
  ],
} as unknown as ReturnType<typeof os.networkInterfaces>;

describe("describeListening (the start-up log)", () => {
  it("names every port with its kind, the machine's addresses a wildcard bind covers, and the name clients use", () => {
    const lines = describeListening({ host: "0.0.0.0", ports: { submission: 2587, tls: 2465, plain: null } }, { hostName: "mail.example.com", interfaces });
    expect(lines).toEqual([
      "SMTP listener on every IPv4 address of this machine (192.0.2.10):",
      "  port 2587: Submission with STARTTLS; AUTH PLAIN or LOGIN with an SMTP credential, after STARTTLS",
      "  port 2465: Submission over implicit TLS; AUTH PLAIN or LOGIN with an SMTP credential",
      "  clients connect to mail.example.com",
    ]);
  });

  it("lists IPv6 addresses too for '::', and the plain port's IP-relay rule", () => {
    const lines = describeListening({ host: "::", ports: { submission: null, tls: null, plain: 2525 } }, { hostName: "mail.example.com", interfaces });
    expect(lines[0]).toBe("SMTP listener on every address of this machine (IPv6 and IPv4) (192.0.2.10, 2001:db8::10):");
    expect(lines[1]).toBe("  port 2525: Plain, for IP-only relay networks; None: only clients on the networks of an IP-only relay credential");
  });

  it("warns that a loopback bind serves no other machine", () => {
    const lines = describeListening({ host: "127.0.0.1", ports: { submission: 2587, tls: null, plain: null } }, { hostName: "mail.example.com", interfaces });
    expect(lines[0]).toBe("SMTP listener on 127.0.0.1, loopback only: other machines cannot connect:");
    expect(lines.at(-1)).toMatch(/cannot reach it: set OUTGATE_SMTP_HOST=0\.0\.0\.0/);
  });
});
