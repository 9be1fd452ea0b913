import fs from "node:fs";
import { E2E_ROOT, SERVER_PID } from "./paths";

/** SIGTERM lets the start script stop Next and PostgreSQL cleanly before the data folder goes. */
export default async function globalTeardown() {
  const pid = Number(fs.readFileSync(SERVER_PID, "utf8"));
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return;
  }
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
      await new Promise((resolve) => setTimeout(resolve, 200));
    } catch {
      break;
    }
  }
  fs.rmSync(E2E_ROOT, { recursive: true, force: true });
}
