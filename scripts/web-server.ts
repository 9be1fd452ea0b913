/**
 * The production web server: Next.js (every page, server action and route) behind a plain Node HTTP server that
 * answers the two submission routes itself. Those two are the hot path of the product, and Next's request
 * handling was most of their CPU (bench/RESULTS.md, runs 4 and 6): served here they run the very same endpoint
 * functions as their route.ts files (lib/http/submission-endpoints.ts) — the same API-key check, validation and group
 * commit — without Next's router or Fetch objects around them.
 * Every other request, including other methods on those paths, goes to Next unchanged.
 * It also runs the SMTP submission listener (lib/smtp-listener; OUTGATE_SMTP_* choose its ports).
 * Started by scripts/start.ts (npm start); PORT and HOST choose where it listens.
 */
import http from "node:http";
import path from "node:path";
import next from "next";
import { findSubmissionEndpoint } from "../lib/http/find-submission-endpoint";
import { serveApiEndpoint } from "../lib/http/serve-api-endpoint";
import { stampPeerAddress } from "../lib/http/peer-address";
import { stopInProcessWorker } from "../lib/start-up/start-in-process-worker";
import { runSmtpListener } from "../lib/smtp-listener/run-smtp-listener";
import { toErrorAnswer } from "../lib/http/error-answer";
import { AppError } from "../lib/platform/errors";

/**
 * How long a stop may take before the process exits anyway: a session or a send that never ends must not keep it up.
 * Within it the SMTP sessions get their 5 s grace, requests in flight their answers and the drain loop its batch; what
 * is still unfinished at 60 s comes back by itself (a message's lease expires; an SMTP client without its 250 sends
 * again). scripts/start.ts waits a little longer before it kills this process, within docs/outgate.service's
 * TimeoutStopSec=120.
 */
const STOP_DEADLINE_MS = 60_000;

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const hostname = process.env.HOST ?? "0.0.0.0";
  const app = next({ dev: false, dir: path.resolve(__dirname, ".."), hostname, port });
  // Runs instrumentation.ts (first-admin bootstrap, the in-process drain loop) as `next start` does.
  await app.prepare();
  const handleWithNext = app.getRequestHandler();
  let stopping = false;
  const server = http.createServer((req, res) => {
    // Stopping: a keep-alive connection still brings requests after server.close() (which only stops new
    // connections), and a client that keeps sending would hold the stop until its deadline, then lose the answers of
    // mail already committed. Refuse instead, before anything is stored, and end the connection (RFC 9110 §15.6.4).
    if (stopping) {
      const answer = toErrorAnswer(new AppError("unavailable", "Outgate is stopping; send again in a moment."));
      res.writeHead(answer.status, { "Content-Type": "application/json", "Retry-After": "5", Connection: "close" });
      res.end(JSON.stringify(answer.body));
      return;
    }
    // Next and next-auth never see the socket: the sign-in throttle reads the peer from this header (read-client-ip.ts).
    stampPeerAddress(req);
    const endpoint = findSubmissionEndpoint(req.method, req.url);
    if (endpoint) void serveApiEndpoint(endpoint, req, res);
    else void handleWithNext(req, res);
  });
  server.listen(port, hostname, () => console.log(`[outgate] web server listening on http://${hostname}:${port}`));
  // The SMTP listener (OUTGATE_SMTP_*) runs here, beside the HTTP fast path, sharing its group commit. A port in use
  // must not keep the console from starting: say so and go on (`npm run smtp` runs more listeners, and fails loudly).
  const smtp = await runSmtpListener().catch((error: Error) => {
    console.error(`[outgate] SMTP listener not started: ${error.message}`);
    return null;
  });
  const stop = async () => {
    // Ctrl+C reaches this process and start.ts, which passes it on as SIGTERM: one stop.
    if (stopping) return;
    stopping = true;
    console.log(`[outgate] stopping: no new mail is taken; finishing the requests, SMTP sessions and deliveries under way (at most ${STOP_DEADLINE_MS / 1000} s)`);
    setTimeout(() => {
      console.error(`[outgate] web server: still stopping after ${STOP_DEADLINE_MS / 1000} s; exiting`);
      process.exit(0);
    }, STOP_DEADLINE_MS).unref();
    // Stop accepting first, then let everything in flight write while PostgreSQL still runs (start.ts stops it only
    // once this process has exited): requests are answered (a submission's group commit), SMTP sessions end and the
    // listener writes its last activity counts, the in-process drain loop records the batch it is sending.
    const requestsAnswered = new Promise<void>((resolve) => server.close(() => resolve()));
    // A connection whose request was in flight goes idle once it is answered: close those as they appear, rather
    // than after the keep-alive timeout.
    setInterval(() => server.closeIdleConnections(), 200).unref();
    server.closeIdleConnections();
    await Promise.all([requestsAnswered, smtp?.close().catch(() => {}), stopInProcessWorker().catch(() => {})]);
    console.log("[outgate] web server stopped");
    process.exit(0);
  };
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.on(signal, () => void stop());
  // Run by npm start (scripts/start.ts), it stops when that process is gone — killed with -9, nobody else would stop
  // it, and the next npm start would find the port taken and stop the PostgreSQL under it.
  const supervisor = Number(process.env.OUTGATE_SUPERVISOR_PID);
  if (supervisor > 0) {
    setInterval(() => {
      if (process.ppid !== supervisor) void stop();
    }, 1_000).unref();
  }
}

main().catch((error: Error) => {
  console.error(`[outgate] web server failed to start: ${error.message}`);
  process.exit(1);
});
