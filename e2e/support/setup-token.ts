import fs from "node:fs";
import { SERVER_LOG } from "./paths";

/** The one-time setup token, read from the server log exactly as an admin would. */
export function readSetupTokenFromLog(): string {
  const match = fs.readFileSync(SERVER_LOG, "utf8").match(/one-time setup token: (\S+)/);
  if (!match) throw new Error("The server log holds no setup token");
  return match[1];
}
