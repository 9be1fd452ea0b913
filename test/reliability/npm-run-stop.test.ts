/**
 * `npm run worker` and `npm run smtp` as a service manager stops them: SIGTERM to the npm process alone. Every process
 * under it must stop gracefully with it — a worker left running after "stop" keeps claiming and sending mail.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDatabase, type TestDatabase } from "./support/database";
import { makeTempRoot, productEnv, removeTempRoot, ROOT } from "./support/outgate";
import { startProcess, stopAllProcesses, tail } from "./support/processes";
import { prepareSmtpListener, smtpListenerEnv } from "./support/smtp-listener";
import { groupIsRunning } from "./support/start-command";
import { waitFor } from "./support/wait";

let root: string;
let db: TestDatabase;

beforeAll(async () => {
  root = makeTempRoot("npm-run-stop");
  db = await startTestDatabase(root);
}, 120_000);

afterAll(async () => {
  await stopAllProcesses();
  await db?.close();
  removeTempRoot(root);
});

describe("SIGTERM to the npm process of a scale-out entry point", () => {
  it.each([
    { script: "worker", ready: "drain_loop.started", stopped: "drain_loop.stopped", env: async () => ({}) },
    {
      script: "smtp",
      ready: "SMTP listener on",
      stopped: "smtp.stopping",
      env: async () => smtpListenerEnv(await prepareSmtpListener(root)),
    },
  ])("npm run $script stops, with every process under it", async ({ script, ready, stopped, env }) => {
    const started = startProcess(`npm-run-${script}`, "npm", ["run", script], {
      cwd: ROOT,
      env: productEnv(db.url, await env()),
      logFile: path.join(root, `npm-run-${script}.log`),
    });
    await waitFor(`npm run ${script} ready`, () => {
      if (!started.isRunning()) throw new Error(`npm run ${script} exited:\n${tail(started.logText())}`);
      return started.logText().includes(ready);
    }, { timeoutMs: 60_000 });

    try {
      // A service manager's stop: SIGTERM to the one process it started, not to its group.
      process.kill(started.pid, "SIGTERM");
      await started.exited;
      await waitFor(`every process of npm run ${script} gone`, () => !groupIsRunning(started.pid), { timeoutMs: 30_000 });
      expect(started.logText(), tail(started.logText())).toContain(stopped);
    } finally {
      // Whatever a failed stop left behind (npm itself is gone, so stopAllProcesses no longer knows the group).
      if (groupIsRunning(started.pid)) process.kill(-started.pid, "SIGKILL");
    }
  });
});
