import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { revokeApiKey } from "@/lib/console/api-keys/revoke-api-key";
import { getDb } from "@/lib/platform/db";
import { createHostedDomains, createTestApiKey } from "@/test/api-fixtures";
import { resetDatabase } from "@/test/db";
import { nextAdapter, nodeAdapter, type Adapter, type WireAnswer } from "./submission-adapters";
import { MAX_MESSAGE_BYTES, SUBMISSION_CASES, type Fixture, type SubmissionCase } from "./submission-cases";

// lib/platform/env.ts reads the environment on first use, which is after this line in this file's module graph.
vi.stubEnv("OUTGATE_MAX_MESSAGE_BYTES", String(MAX_MESSAGE_BYTES));

// One submission server, two adapters (docs/ARCHITECTURE.md, "How a message flows", step 1): every case must get the
// same status, body and headers through Next's route handler and through the web server's direct Node path.
let adapters: Adapter[];

beforeAll(async () => {
  adapters = [nextAdapter(), await nodeAdapter()];
});
afterAll(async () => {
  await Promise.all(adapters.map((adapter) => adapter.close()));
});

async function createFixture(): Promise<Fixture> {
  await resetDatabase();
  const domains = await createHostedDomains("example.com", "other.example");
  const key = await createTestApiKey();
  const otherOnly = await createTestApiKey({ name: "other.example only", domainIds: [domains["other.example"]] });
  return { authorization: key.authorization, otherOnlyAuthorization: otherOnly.authorization, revokeKey: async () => void (await revokeApiKey({ id: key.id })) };
}

/** Runs a case from a fresh database through one adapter and checks its answer against the table. */
async function runCase(testCase: SubmissionCase, adapter: Adapter): Promise<WireAnswer> {
  const fixture = await createFixture();
  const earlier: WireAnswer[] = [];
  for (const request of (await testCase.before?.(fixture)) ?? []) earlier.push(await adapter.send(request));
  const answer = await adapter.send(testCase.request(fixture));
  const expected = typeof testCase.expected === "function" ? testCase.expected(earlier) : testCase.expected;

  expect(answer.status, adapter.name).toBe(expected.status);
  expect(answer.body, adapter.name).toEqual(expected.body);
  expect(answer.headers, adapter.name).toEqual({ "content-type": "application/json", ...expected.headers });
  const id = (answer.body as { id?: unknown }).id;
  if (answer.headers.location) expect(answer.headers.location, adapter.name).toBe(`/api/v1/messages/${id}`);
  expect(await getDb().message.count(), `${adapter.name}: messages stored`).toBe(expected.stored);
  return answer;
}

/** The answer with what differs per run (ids, Message-IDs) replaced, so two adapters' answers compare equal. */
function withoutRunValues(answer: WireAnswer): unknown {
  return JSON.parse(
    JSON.stringify(answer)
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>")
      .replace(/"messageId":"[^"]*"/g, '"messageId":"<message-id>"'),
  );
}

describe("the submission endpoints, through Next and through the web server's Node path", () => {
  it.each(SUBMISSION_CASES.map((testCase) => [testCase.name, testCase] as const))("%s", async (_name, testCase) => {
    const answers: WireAnswer[] = [];
    for (const adapter of adapters) {
      if (testCase.onlyNext && adapter.name !== "next") continue;
      answers.push(await runCase(testCase, adapter));
    }
    for (const answer of answers.slice(1)) expect(withoutRunValues(answer)).toEqual(withoutRunValues(answers[0]));
  });
});
