/**
 * `riposte api-hash [--password-file F]`: prints the `<password_hash>` of a password for an
 * `<api><user>` (scrypt$N$r$p$salt$hash). The password is read from the file, else from the
 * first line of stdin (so it never appears in `ps` or shell history).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { hashPassword } from "../api/mod.ts";
import type { Command, CommandIO } from "./command.ts";
import { EXIT } from "./command.ts";
import { parseCommandArgs } from "./args.ts";

const HELP = `Usage: riposte api-hash [--password-file FILE]

Prints the scrypt hash of a password, for <api><user><password_hash> in ossec.conf:
  scrypt$N$r$p$<salt base64>$<hash base64>   (N=16384, r=8, p=1, 32-byte key)
The password is the first line of FILE, or of standard input.

Example:
  printf '%s\\n' 'long passphrase' | riposte api-hash

Options:
  --password-file FILE  Read the password from FILE (first line).
  -h, --help            Show this help.
`;

async function firstLine(io: CommandIO): Promise<string> {
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return "";
}

export const apiHashCommand: Command = {
  name: "api-hash",
  summary: "Hash a password for an <api><user> (scrypt)",
  help: HELP,
  async run(argv: readonly string[], io: CommandIO): Promise<number> {
    const { values } = parseCommandArgs(argv, { "password-file": { type: "string" } });
    const file = values["password-file"];
    const password = file !== undefined ? (readFileSync(resolve(io.cwd, file), "utf8").split(/\r?\n/)[0] ?? "") : await firstLine(io);
    if (password.length < 8) {
      io.stderr("riposte api-hash: the password must have at least 8 characters\n");
      return EXIT.failure;
    }
    io.stdout(`${await hashPassword(password)}\n`);
    return EXIT.ok;
  },
};
