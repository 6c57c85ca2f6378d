/**
 * Client of the control socket, for `riposte control` and tests: sends one request, reads one
 * response line. Rejects with CONTROL_UNAVAILABLE when nothing listens at `path`.
 */
import { connect } from "node:net";
import { ManagerError } from "../manager_error.ts";

export interface ControlResponse {
  readonly ok: boolean;
  readonly data?: unknown;
  readonly code?: string;
  readonly message?: string;
}

export function controlRequest(path: string, cmd: string, args: unknown = {}, timeoutMs = 10_000): Promise<ControlResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    let buffer = "";
    const timer = setTimeout(() => fail(new Error("timed out")), timeoutMs);
    const fail = (error: unknown) => {
      clearTimeout(timer);
      socket.destroy();
      reject(new ManagerError("CONTROL_UNAVAILABLE", `Cannot reach the manager's control socket "${path}"`, { cause: error }));
    };
    socket.setEncoding("utf8");
    socket.on("error", fail);
    socket.on("connect", () => socket.write(`${JSON.stringify({ cmd, args })}\n`));
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      const nl = buffer.indexOf("\n");
      if (nl < 0) return;
      clearTimeout(timer);
      socket.end();
      try {
        resolve(JSON.parse(buffer.slice(0, nl)) as ControlResponse);
      } catch (error: unknown) {
        reject(new ManagerError("CONTROL_BAD_REQUEST", "The manager answered something that is not JSON", { cause: error }));
      }
    });
  });
}
