import { answerEveryMethod } from "@/lib/http/answer-every-method";
import { apiKeyRoute } from "@/lib/http/api-key-route";
import { AppError } from "@/lib/platform/errors";
import { getMessageDetail } from "@/lib/console/messages/get-message-detail";
import { messageToJson } from "@/lib/console/messages/message-to-json";

export const dynamic = "force-dynamic";

/** A message's status, recipients and delivery attempts — only for the key that submitted it. */
const answerMessageStatus = apiKeyRoute<{ id: string }>(async (_request, { apiKey, params }) => {
  const message = await getMessageDetail(params.id, { apiKeyId: apiKey.id });
  if (!message) throw new AppError("not_found", "No message with this id was submitted with this API key.");
  return Response.json(messageToJson(message));
});

export const { GET, HEAD, OPTIONS, POST, PUT, DELETE, PATCH } = answerEveryMethod({ GET: answerMessageStatus });
