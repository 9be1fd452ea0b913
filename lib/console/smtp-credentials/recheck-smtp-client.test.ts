import { beforeEach, describe, expect, it } from "vitest";
import { resetDatabase } from "../../../test/db";
import { smtpCredentialInputSchema, type SmtpCredentialInput } from "../../validation/smtp-credential";
import { createSmtpCredential } from "./create-smtp-credential";
import { recheckSmtpClient } from "./recheck-smtp-client";

function create(input: Partial<SmtpCredentialInput> = {}) {
  return createSmtpCredential(smtpCredentialInputSchema.parse({ name: "printer", username: "printer", domainIds: [], ...input }));
}

describe("recheckSmtpClient", () => {
  beforeEach(resetDatabase);

  it("judges each client address and each way in by itself, however many sessions of one credential ask within the second", async () => {
    const { id } = await create({ allowedNetworks: ["10.0.0.0/8"] });
    const client = { id, name: "printer", allDomains: true, domainNames: [] };
    // The verdicts are kept beside the credential's row for that second: one address's must not answer another's.
    expect(await recheckSmtpClient(client, "auth", "10.1.2.3")).toEqual(client);
    expect(await recheckSmtpClient(client, "auth", "192.0.2.1")).toBeNull();
    expect(await recheckSmtpClient(client, "auth", "::ffff:10.9.9.9")).toEqual(client);
    // Inside the network but IP-only relay is off: a session let in by its network may not go on.
    expect(await recheckSmtpClient(client, "ip_relay", "10.1.2.3")).toBeNull();
    expect(await recheckSmtpClient(client, "auth", "10.1.2.3")).toEqual(client);
  });

  it("lets an IP-relay session go on only from inside the credential's networks", async () => {
    const { id } = await create({ allowedNetworks: ["192.0.2.0/24"], ipRelay: true });
    const client = { id, name: "printer", allDomains: true, domainNames: [] };
    expect(await recheckSmtpClient(client, "ip_relay", "192.0.2.7")).toEqual(client);
    expect(await recheckSmtpClient(client, "ip_relay", "198.51.100.7")).toBeNull();
  });

  it("lets no IP-relay session go on through a stored network too wide for relay", async () => {
    const { id } = await createSmtpCredential({ name: "legacy", username: "legacy", domainIds: [], allowedNetworks: ["0.0.0.0/0", "192.0.2.0/24"], ipRelay: true });
    const client = { id, name: "legacy", allDomains: true, domainNames: [] };
    expect(await recheckSmtpClient(client, "ip_relay", "127.0.0.5")).toBeNull();
    expect(await recheckSmtpClient(client, "ip_relay", "192.0.2.7")).toEqual(client);
    // AUTH with its password is not relay: the wide network still only says where the password may be used.
    expect(await recheckSmtpClient(client, "auth", "127.0.0.5")).toEqual(client);
  });
});
