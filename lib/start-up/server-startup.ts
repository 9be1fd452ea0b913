import { bootstrapAdminFromEnv, issueSetupTokenIfNeeded } from "../console/admins/setup-token";
import { startAuditPruner } from "../console/audit/prune-audit-log";
import { getEnv } from "../platform/env";
import { describeHostName, getHostName } from "../platform/host-name";
import { startInProcessWorker } from "./start-in-process-worker";
import { startMetricsListener } from "./start-metrics-listener";

/**
 * Resolves the name Outgate announces (and says when it is not fully qualified), starts the in-process drain loop
 * (unless OUTGATE_INPROCESS_WORKER=false) and the localhost metrics listener (OUTGATE_METRICS_PORT), then creates the first admin from the environment, or prints a one-time
 * setup token when there is none.
 */
export async function runServerStartup(): Promise<void> {
  const env = getEnv();
  const hostName = await getHostName();
  (hostName.qualified ? console.log : console.warn)(describeHostName(hostName));
  startInProcessWorker();
  startAuditPruner(env.OUTGATE_AUDIT_RETENTION_DAYS);
  // A port already in use must not keep the console from starting: say so and go on.
  await startMetricsListener().catch((error: Error) => console.error(`[outgate] metrics listener not started: ${error.message}`));
  if (await bootstrapAdminFromEnv(env.OUTGATE_ADMIN_EMAIL, env.OUTGATE_ADMIN_PASSWORD)) {
    console.log(`[outgate] created the first admin ${env.OUTGATE_ADMIN_EMAIL} from OUTGATE_ADMIN_EMAIL`);
    return;
  }
  const token = await issueSetupTokenIfNeeded();
  if (token) {
    console.log(`[outgate] no admin exists yet. Open /setup and enter this one-time setup token: ${token}`);
  }
}
