/**
 * Entry of the built-in response executables (active-response/bin/<name> are POSIX sh
 * launchers that exec the project's Node 24 on this file). argv: ACTION-NAME PROGRAM-PATH
 * ARGS…; PROGRAM-PATH is the launcher as invoked, so HOME = its ../.. (Wazuh derives its
 * install dir from argv0 the same way). Everything else is src/response/actions.
 * Must not: hold logic.
 */
import { basename, dirname, resolve } from "node:path";
import { createBuiltinAction, isBuiltinActionName, runActionScript } from "../src/response/mod.ts";

const [name = "", program = "", ...args] = process.argv.slice(2);
if (!isBuiltinActionName(name)) {
  process.stderr.write(`riposte: unknown built-in response ${JSON.stringify(name)}\n`);
  process.exit(2);
}
const home = resolve(dirname(program), "..", "..");
const status = await runActionScript((log) => createBuiltinAction(name, { log, home }), args, {
  stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, home, program: `active-response/bin/${basename(program)}`,
});
process.exitCode = status;
process.stdin.destroy();
