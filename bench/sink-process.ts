/**
 * A counting SMTP sink (one per benchmark gateway), run as a child process so its CPU is not the
 * orchestrator's. It accepts everything, keeps the Message-ID of each message (scanned from the first bytes of
 * DATA, never parsed) and answers the parent over IPC:
 *   → { type: "stats" }  ← { type: "stats", count, lastAt }          cheap, polled while a figure runs
 *   → { type: "ids" }    ← { type: "ids", ids }                      after a run, to check for loss/duplicates
 *   → { type: "reset" }  ← { type: "reset" }
 * On start it sends { type: "listening", port }.
 */
import { SMTPServer } from "smtp-server";

const MESSAGE_ID_SCAN_BYTES = 2048;
// RFC 5322 §3.6.4: msg-id = "<" id-left "@" id-right ">"; the header name is case-insensitive.
const MESSAGE_ID_HEADER = /^message-id:[ \t]*<([^>\r\n]+)>/im;

type Request = { type: "stats" | "ids" | "reset" };

let count = 0;
let lastAt = 0;
let ids: string[] = [];

const server = new SMTPServer({
  disabledCommands: ["AUTH", "STARTTLS"],
  authOptional: true,
  logger: false,
  // No reverse DNS lookup per connection: loopback only, and it would cost a round trip per session.
  disableReverseLookup: true,
  size: 0,
  onData(stream, _session, callback) {
    let head = "";
    stream.on("data", (chunk: Buffer) => {
      if (head.length < MESSAGE_ID_SCAN_BYTES) head += chunk.toString("latin1", 0, MESSAGE_ID_SCAN_BYTES - head.length);
    });
    stream.on("end", () => {
      const match = MESSAGE_ID_HEADER.exec(head);
      ids.push(match ? match[1] : "");
      count += 1;
      lastAt = Date.now();
      callback();
    });
  },
});

server.on("error", (error) => {
  console.error(`[sink] ${error.message}`);
});

process.on("message", (request: Request) => {
  switch (request.type) {
    case "stats":
      process.send?.({ type: "stats", count, lastAt });
      break;
    case "ids":
      process.send?.({ type: "ids", ids });
      break;
    case "reset":
      count = 0;
      lastAt = 0;
      ids = [];
      process.send?.({ type: "reset" });
      break;
  }
});
process.on("disconnect", () => process.exit(0));

server.listen(Number(process.env.SINK_PORT ?? 0), "127.0.0.1", () => {
  const address = server.server.address();
  process.send?.({ type: "listening", port: typeof address === "object" && address ? address.port : 0 });
});
