import { bootstrapAdminFromEnv, issueSetupTokenIfNeeded } from "../console/admins/setup-token";
import { getEnv } from "../platform/env";
import { startInProcessWorker } from "./start-in-process-worker";

/**
 * Creates the first admin from the environment, or prints a one-time setup token when there is none; then starts
 * the in-process drain loop (unless OUTGATE_INPROCESS_WORKER=false).
 */
export async function runServerStartup(): Promise<void> {
  const env = getEnv();
  startInProcessWorker();
  if (await bootstrapAdminFromEnv(env.OUTGATE_ADMIN_EMAIL, env.OUTGATE_ADMIN_PASSWORD)) {
    console.log(`[outgate] created the first admin ${env.OUTGATE_ADMIN_EMAIL} from OUTGATE_ADMIN_EMAIL`);
    return;
  }
  const token = await issueSetupTokenIfNeeded();
  if (token) {
    console.log(`[outgate] no admin exists yet. Open /setup and enter this one-time setup token: ${token}`);
  }
}
