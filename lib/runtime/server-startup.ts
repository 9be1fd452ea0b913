import { bootstrapAdminFromEnv, issueSetupTokenIfNeeded } from "../admins/setup-token";
import { getEnv } from "../env";

/** Creates the first admin from the environment, or prints a one-time setup token when there is none. */
export async function runServerStartup(): Promise<void> {
  const env = getEnv();
  if (await bootstrapAdminFromEnv(env.OUTGATE_ADMIN_EMAIL, env.OUTGATE_ADMIN_PASSWORD)) {
    console.log(`[outgate] created the first admin ${env.OUTGATE_ADMIN_EMAIL} from OUTGATE_ADMIN_EMAIL`);
    return;
  }
  const token = await issueSetupTokenIfNeeded();
  if (token) {
    console.log(`[outgate] no admin exists yet. Open /setup and enter this one-time setup token: ${token}`);
  }
}
