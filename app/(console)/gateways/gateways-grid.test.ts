import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import type { GatewayListItem } from "@/lib/console/gateways/list-gateways";
import { GatewaysGrid } from "./gateways-grid";

vi.mock("next/navigation", () => ({ useRouter: () => ({ push: () => {} }) }));

const base: GatewayListItem & { addressShown: string } = {
  id: "00000000-0000-4000-8000-000000000001",
  description: "Relay",
  address: "smtp.example.test",
  addressShown: "smtp.example.test",
  port: 587,
  encryption: "STARTTLS_REQUIRED",
  enabled: true,
  status: "ENABLED",
  type: "ROUND_ROBIN",
  authEnabled: false,
  smartermailEnabled: false,
  domainCount: 0,
  domainNames: [],
  weight: 1,
  limitUse: [],
};

const noAction = (async () => ({ ok: true })) as never;
const render = (gateways: (typeof base)[]) =>
  renderToStaticMarkup(createElement(GatewaysGrid, { gateways, health: [], setStatusAction: noAction, deleteAction: noAction, testAction: noAction }));

/** The text of each row's Domains cell, in order. */
const domainCells = (html: string) => [...html.matchAll(/<td data-testid="gateway-domains">(.*?)<\/td>/g)].map((match) => match[1].replace(/<[^>]+>/g, ""));

// A new-user trial read "Domains 0" for a round-robin gateway, which serves every domain not assigned elsewhere.
describe("GatewaysGrid", () => {
  it("says a round-robin gateway serves all domains, and counts a Specific Domains gateway's", () => {
    const html = render([
      base,
      { ...base, id: "00000000-0000-4000-8000-000000000002", description: "Specific", type: "SPECIFIC_DOMAINS", domainCount: 3 },
      { ...base, id: "00000000-0000-4000-8000-000000000003", description: "Specific, none yet", type: "SPECIFIC_DOMAINS", domainCount: 0 },
    ]);
    expect(domainCells(html)).toEqual(["All (round robin)", "3", "0"]);
  });

  it("shows a gateway in drain mode as Draining", () => {
    const html = render([{ ...base, status: "DRAINING" }]);
    expect(html).toMatch(/<span class="badge badge-warn" data-testid="gateway-status">Draining<\/span>/);
  });
});
