/**
 * The control socket (HOME/var/run/control.sock, mode 0600): one JSON request per line
 * `{"cmd": "agents.list", "args": {…}}`, one JSON response per line
 * `{"ok": true, "data": …}` or `{"ok": false, "code": "…", "message": "…"}`.
 * Components register handlers by command name (the AR engine adds its own); a handler's
 * `args` is untrusted JSON that it MUST validate. Requests are bounded (64 KiB per line).
 * Must not: authenticate beyond file permissions (only the home's owner can connect).
 */
import { chmodSync, mkdirSync, rmSync } from "node:fs";
import { once } from "node:events";
import { createServer, type Server, type Socket } from "node:net";
import { dirname } from "node:path";
import type { Logger } from "../../core/mod.ts";
import { errorMessage } from "../../core/mod.ts";

/** A control command handler: returns JSON-serialisable data, or throws an error with a `code`. */
export type ControlHandler = (args: unknown) => Promise<unknown> | unknown;

export interface ControlRegistry {
  /** Registers `cmd` (e.g. "ar.run"); throws if the name is taken. */
  register(cmd: string, handler: ControlHandler): void;
  commands(): string[];
}

const MAX_LINE = 64 * 1024;

export class ControlServer implements ControlRegistry {
  readonly #handlers = new Map<string, ControlHandler>();
  readonly #logger: Logger;
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  register(cmd: string, handler: ControlHandler): void {
    if (this.#handlers.has(cmd)) throw new TypeError(`Control command "${cmd}" is already registered`);
    this.#handlers.set(cmd, handler);
  }

  commands(): string[] {
    return [...this.#handlers.keys()].sort();
  }

  /** Answers one request object (also used in-process by tests). */
  async handle(request: unknown): Promise<Record<string, unknown>> {
    if (typeof request !== "object" || request === null || typeof (request as { cmd?: unknown }).cmd !== "string") {
      return { ok: false, code: "CONTROL_BAD_REQUEST", message: "Expected {\"cmd\": string, \"args\"?: object}" };
    }
    const { cmd, args } = request as { cmd: string; args?: unknown };
    const handler = this.#handlers.get(cmd);
    if (!handler) return { ok: false, code: "CONTROL_UNKNOWN_COMMAND", message: `No control command "${cmd}"; known: ${this.commands().join(", ")}` };
    try {
      return { ok: true, data: (await handler(args ?? {})) ?? null };
    } catch (error: unknown) {
      const code = typeof (error as { code?: unknown }).code === "string" ? (error as { code: string }).code : "ERR_INTERNAL";
      return { ok: false, code, message: errorMessage(error) };
    }
  }

  async listen(path: string): Promise<void> {
    mkdirSync(dirname(path), { recursive: true });
    rmSync(path, { force: true });
    const server = createServer((socket) => this.#serve(socket));
    server.listen(path);
    await once(server, "listening");
    chmodSync(path, 0o600);
    this.#server = server;
  }

  #serve(socket: Socket): void {
    this.#sockets.add(socket);
    socket.on("close", () => this.#sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    let buffer = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      if (buffer.length > MAX_LINE && !buffer.includes("\n")) {
        socket.end(`${JSON.stringify({ ok: false, code: "CONTROL_BAD_REQUEST", message: "Request too large" })}\n`);
        return;
      }
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        void this.#answer(socket, line);
      }
    });
  }

  async #answer(socket: Socket, line: string): Promise<void> {
    let request: unknown;
    try {
      request = JSON.parse(line);
    } catch {
      // Not JSON: answered as a bad request below.
      request = undefined;
    }
    const response = await this.handle(request);
    if (!response["ok"]) this.#logger.debug("control request refused", { code: response["code"] });
    if (!socket.destroyed) socket.write(`${JSON.stringify(response)}\n`);
  }

  async close(path?: string): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    if (this.#server) await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
    if (path) rmSync(path, { force: true });
  }
}
