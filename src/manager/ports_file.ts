/**
 * HOME/var/run/ports.json: the ports actually bound (`{"remote": 41234, "auth": 41235, …}`),
 * rewritten atomically (write + rename) whenever one is added, so tests and operators running
 * with port 0 find them.
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export class PortsFile {
  readonly #path: string;
  readonly #ports: Record<string, number> = {};

  constructor(path: string) {
    this.#path = path;
  }

  set(name: string, port: number): void {
    this.#ports[name] = port;
    mkdirSync(dirname(this.#path), { recursive: true });
    const tmp = `${this.#path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.#ports, null, 2)}\n`);
    renameSync(tmp, this.#path);
  }

  get ports(): Readonly<Record<string, number>> {
    return { ...this.#ports };
  }
}
