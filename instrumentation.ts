/** Runs once when the Next server starts: first-admin bootstrap (and, later, the in-process drain loop). */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { runServerStartup } = await import("./lib/start-up/server-startup");
  await runServerStartup();
}
