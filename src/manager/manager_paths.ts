/** Where the manager keeps its files under HOME (DESIGN §1 home layout). */
import { join } from "node:path";

export function managerPaths(home: string) {
  return Object.freeze({
    home,
    authdPass: join(home, "etc", "authd.pass"),
    agentsDb: join(home, "queue", "agents.db"),
    analysisDb: join(home, "queue", "analysis.db"),
    alertsDir: join(home, "logs", "alerts"),
    ports: join(home, "var", "run", "ports.json"),
    controlSocket: join(home, "var", "run", "control.sock"),
  });
}
export type ManagerPaths = ReturnType<typeof managerPaths>;
