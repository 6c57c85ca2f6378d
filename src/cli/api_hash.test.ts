import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { verifyPassword } from "../api/mod.ts";
import type { CommandIO } from "./command.ts";
import { apiHashCommand } from "./api_hash.ts";

async function run(argv: string[], input: string, cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CommandIO = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), stdin: Readable.from([input]), env: {}, cwd, signal: new AbortController().signal };
  return { code: await apiHashCommand.run(argv, io), out, err };
}

test("riposte api-hash: hashes the first line of stdin or of --password-file; refuses short passwords", async () => {
  const dir = mkdtempSync(join(tmpdir(), "riposte-api-hash-"));
  try {
    const fromStdin = await run([], "a long passphrase\nignored\n", dir);
    assert.equal(fromStdin.code, 0, fromStdin.err);
    assert.equal(await verifyPassword("a long passphrase", fromStdin.out.trim()), true);
    writeFileSync(join(dir, "pw"), "file passphrase\n");
    const fromFile = await run(["--password-file", "pw"], "", dir);
    assert.equal(await verifyPassword("file passphrase", fromFile.out.trim()), true);
    const short = await run([], "short\n", dir);
    assert.equal(short.code, 1);
    assert.match(short.err, /at least 8 characters/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
