import { z } from "zod";
import { toJsonSchema } from "./to-json-schema";

type Ref = { $ref: string };
/** The component of lib/http/openapi.ts these paths use (named here: importing openapi.ts would loop the folders). */
type ComponentName = "RouteExplanation";
type Helpers = { ref: (name: ComponentName) => Ref; json: (schema: Ref, description: string) => object; errorAnswer: (description: string) => object; internal: object };

/** GET /api/v1/admin/route-explain for the OpenAPI document (lib/http/admin-api/route-explain-endpoint.ts); an admin's access token. */
export function routeExplainPaths({ ref, json, errorAnswer, internal }: Helpers) {
  return {
    "/api/v1/admin/route-explain": {
      get: {
        operationId: "explainRoute",
        tags: ["Routing"],
        security: [{ adminToken: [] }],
        summary: "Which gateway the next message from a sender would take, and why",
        description:
          "Step by step: the sender domain's assignment, the route (Specific Domains, round robin, weights and the shared cursor), each candidate's status, answer-rule suspension, limits and their use this window, cool-down and the rules watching it; then the gateway the next message would take and where it would go if that one failed. A sender whose domain is not hosted gets only the refusal (summary \"Outgate refuses this sender: domain not hosted (422)\", one step with verdict refuse); a domain over its Reject limit, the 429. A gateway in cool-down (Down, or failed lately) is a skipped step, or with no healthy gateway left the last resort (gateway null, fallbacks lists it). Reads only: nothing is reserved or sent.",
        parameters: [
          { name: "sender", in: "query", required: true, schema: toJsonSchema(z.string()), description: "The envelope sender, name@example.com" },
          { name: "recipient", in: "query", required: false, schema: toJsonSchema(z.string()), description: "A recipient (shown for the record: the route depends on the sender's domain)" },
        ],
        responses: {
          "200": json(ref("RouteExplanation"), "The explanation"),
          "401": errorAnswer("Missing, expired or unknown admin access token"),
          "422": errorAnswer("The sender or recipient is not an email address"),
          "500": internal,
          "503": errorAnswer("Database unavailable"),
        },
      },
    },
  };
}
