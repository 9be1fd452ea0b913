/**
 * GET /api/v1/admin/route-explain (issue 15, item 4) against the served OpenAPI document: a real answer matches what
 * the document says, and a missing token or a bad address gets its documented 4xx, never a 500.
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as getExplain } from "@/app/api/v1/admin/route-explain/route";
import { GET as getDocumentRoute } from "@/app/api/v1/openapi.json/route";
import { issueApiTokens } from "@/lib/http/smartermail-api/api-tokens";
import { getDb } from "@/lib/platform/db";
import { resetDatabase } from "@/test/db";
import { createTestAdmin } from "@/test/factories";
import { createTestGateway, orderedId } from "@/test/engine/create-test-gateway";
import { createOpenApiContract, type OpenApiContract, type OpenApiDocument } from "./openapi-contract";

const PATH = "/api/v1/admin/route-explain";

describe("route explain API, checked against the OpenAPI document", () => {
  let contract: OpenApiContract;
  let auth: Record<string, string>;
  const get = (query: string, headers: Record<string, string> = auth) => getExplain(new Request(`http://localhost${PATH}${query}`, { headers }));

  async function expectDocumented(response: Response) {
    expect(contract.answer(PATH, "get", response.status), `GET documents ${response.status}`).toBeDefined();
    const json: unknown = await response.json();
    expect(contract.answerErrors(PATH, "get", response.status, json), JSON.stringify(json)).toEqual([]);
    return json as Record<string, unknown>;
  }

  beforeAll(async () => {
    contract = createOpenApiContract((await getDocumentRoute().json()) as OpenApiDocument);
  });
  beforeEach(async () => {
    await resetDatabase();
    auth = { authorization: `Bearer ${(await issueApiTokens((await createTestAdmin()).id)).accessToken}` };
  });

  it("explains the route of a sender: the gateway, the fallbacks and the steps", async () => {
    await createTestGateway({ id: orderedId(1), port: 2501, description: "alpha" });
    await createTestGateway({ id: orderedId(2), port: 2502, description: "beta" });
    await getDb().domain.create({ data: { name: "shop.example" } });
    const response = await get("?sender=News%40Shop.Example&recipient=reader%40example.net");
    expect(response.status).toBe(200);
    const body = await expectDocumented(response);
    expect(body).toMatchObject({ sender: "News@shop.example", senderDomain: "shop.example", recipient: "reader@example.net", gateway: { id: orderedId(1), description: "alpha" }, fallbacks: [{ id: orderedId(2), description: "beta" }] });
    expect((body.steps as { topic: string }[]).map((step) => step.topic)).toEqual(expect.arrayContaining(["domain", "route", "gateway", "recipient", "result"]));
  });

  it("answers only the refusal for a sender whose domain is not hosted, as documented", async () => {
    await createTestGateway({ id: orderedId(1), port: 2501, description: "alpha" });
    const response = await get("?sender=app%40elsewhere.example");
    expect(response.status).toBe(200);
    const body = await expectDocumented(response);
    expect(body).toMatchObject({ gateway: null, fallbacks: [], summary: "Outgate refuses this sender: domain not hosted (422)" });
    expect(body.steps).toEqual([expect.objectContaining({ topic: "domain", verdict: "refuse" })]);
  });

  it("answers documented 4xx: 401 without a token, 422 with field errors for a bad address", async () => {
    const anonymous = await get("?sender=a%40b.example", {});
    expect(anonymous.status).toBe(401);
    await expectDocumented(anonymous);
    const bad = await get("?sender=not-an-address&recipient=also%20bad");
    expect(bad.status).toBe(422);
    const body = await expectDocumented(bad);
    expect(JSON.stringify(body)).toMatch(/sender/);
    expect(JSON.stringify(body)).toMatch(/recipient/);
    const missing = await get("");
    expect(missing.status).toBe(422);
  });
});
