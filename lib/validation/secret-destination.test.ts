import { describe, expect, it } from "vitest";
import { missingSecretErrors, NO_STORED_SECRETS, type StoredSecrets } from "./gateway";
import { AUTH_DESTINATION_CHANGED, isSameAuthDestination, isSameSmarterMailDestination, SMARTERMAIL_DESTINATION_CHANGED } from "./secret-destination";

const STORED: StoredSecrets = {
  authPasswordFor: { address: "relay.example.com", port: 587, username: "relay-user" },
  smartermailPasswordFor: { url: "https://mail.example.com/", username: "sm-admin" },
};

const SAME = {
  address: "relay.example.com",
  port: 587,
  authEnabled: true,
  authUsername: "relay-user",
  authPassword: "",
  smartermailEnabled: true,
  smartermailUrl: "https://mail.example.com/",
  smartermailUsername: "sm-admin",
  smartermailPassword: "",
};

describe("missingSecretErrors: a stored password only goes where it was stored for", () => {
  it("keeps both stored passwords while the destination is the same, however the form spells it", () => {
    expect(missingSecretErrors(SAME, STORED)).toEqual({});
    const respelled = { ...SAME, address: " Relay.Example.COM. ", port: "587", authUsername: " relay-user ", smartermailUrl: "HTTPS://MAIL.example.com:443" };
    expect(missingSecretErrors(respelled, STORED)).toEqual({});
  });

  it.each([
    ["another server address", { address: "evil.example.net" }],
    ["another port", { port: 2525 }],
    ["another port, typed as text", { port: "2525" }],
    ["another username", { authUsername: "someone-else" }],
    ["an unreadable address", { address: "not a host!" }],
  ])("asks for the auth password again after %s", (_name, change) => {
    expect(missingSecretErrors({ ...SAME, ...change }, STORED)).toEqual({ authPassword: [AUTH_DESTINATION_CHANGED] });
  });

  it.each([
    ["another host", { smartermailUrl: "https://evil.example.net/" }],
    ["another port", { smartermailUrl: "https://mail.example.com:8443/" }],
    ["plain http", { smartermailUrl: "http://mail.example.com/" }],
    ["another path", { smartermailUrl: "https://mail.example.com/other/" }],
    ["another username", { smartermailUsername: "other" }],
    ["a URL that is not one", { smartermailUrl: "mail example" }],
  ])("asks for the SmarterMail password again after %s", (_name, change) => {
    expect(missingSecretErrors({ ...SAME, ...change }, STORED)).toEqual({ smartermailPassword: [SMARTERMAIL_DESTINATION_CHANGED] });
  });

  it("never asks when a password is typed, and asks for a first one when none is stored", () => {
    expect(missingSecretErrors({ ...SAME, address: "evil.example.net", authPassword: "new", smartermailUrl: "https://x.example/", smartermailPassword: "new" }, STORED)).toEqual({});
    expect(Object.keys(missingSecretErrors(SAME, NO_STORED_SECRETS)).sort()).toEqual(["authPassword", "smartermailPassword"]);
    expect(missingSecretErrors({ authEnabled: false, smartermailEnabled: false }, NO_STORED_SECRETS)).toEqual({});
  });
});

describe("isSameAuthDestination / isSameSmarterMailDestination", () => {
  it("compare normalised values", () => {
    expect(isSameAuthDestination(STORED.authPasswordFor!, { address: "[2001:DB8::25]", port: 587, authUsername: "relay-user" })).toBe(false);
    expect(isSameAuthDestination({ address: "2001:db8::25", port: 25, username: "u" }, { address: "[2001:DB8::25]", port: "25", authUsername: "u" })).toBe(true);
    expect(isSameSmarterMailDestination(STORED.smartermailPasswordFor!, { smartermailUrl: "https://mail.example.com?x=1#y", smartermailUsername: "sm-admin" })).toBe(true);
    expect(isSameSmarterMailDestination(STORED.smartermailPasswordFor!, { smartermailUrl: "https://sm-admin@evil.example/", smartermailUsername: "sm-admin" })).toBe(false);
  });
});
