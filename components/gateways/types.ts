import type { ConnectionTestResult } from "@/lib/engine/smartermail/client";
import type { ConnectionTranscript } from "@/lib/engine/delivery/smtp/run-connection-test";
import type { GatewayTestInput, SendTestMessageInput } from "@/lib/validation/gateway-test";
import type { ActionResult } from "@/lib/http/action-result";
import type { GatewayInput, GatewayUpdateInput } from "@/lib/validation/gateway";
import type { SmarterMailTestInput } from "@/lib/validation/smartermail-test";

// The server actions the gateway form receives from its pages, by the shape it calls them with. Not
// `typeof createGatewayAction`: components/ is imported by app/, so importing app/ back (even a type) is a loop;
// each page's prop assignment checks the real action against these.
export type CreateGateway = (input: GatewayInput) => Promise<ActionResult<unknown>>;
export type UpdateGateway = (input: GatewayUpdateInput) => Promise<ActionResult<unknown>>;
export type TestSmarterMailConnection = (input: SmarterMailTestInput) => Promise<ActionResult<ConnectionTestResult>>;
export type TestGatewayConnection = (input: GatewayTestInput) => Promise<ActionResult<ConnectionTranscript>>;
export type TestStoredGatewayConnection = (input: { id: string; testAddress?: string }) => Promise<ActionResult<ConnectionTranscript>>;
export type SendTestMessage = (input: SendTestMessageInput) => Promise<ActionResult<{ id: string; messageId: string }>>;
