// PipeInput: direct writes while the pipe has room, a net.Socket once it is full, bytes in
// order either way, one close, EPIPE as an error event (never an exception). The pipe is a
// FIFO opened non-blocking at both ends, as the addon hands the daemon its end of stdin.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { closeSync, constants, fstatSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PipeInput } from "./pipe_input.ts";

function fifo(): { dir: string; readFd: number; writeFd: number } {
  const dir = mkdtempSync(join(tmpdir(), "riposte-pipe-"));
  const path = join(dir, "fifo");
  execFileSync("mkfifo", [path]);
  const readFd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const writeFd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  return { dir, readFd, writeFd };
}

test("PipeInput writes in order, hands a full pipe over to a socket, closes once", async () => {
  const { dir, readFd, writeFd } = fifo();
  try {
    const input = new PipeInput(writeFd);
    const big = "y".repeat(300_000); // larger than a pipe: the rest goes through the socket
    input.write("first\n");
    input.write(big);
    input.end("\nlast\n");
    let out = "";
    const reader = new Socket({ fd: readFd, readable: true, writable: false });
    reader.setEncoding("utf8");
    reader.on("data", (d: string) => (out += d));
    await Promise.all([once(input, "finish"), once(reader, "end")]);
    assert.equal(out, `first\n${big}\nlast\n`);
    assert.throws(() => fstatSync(writeFd), "the fd is closed");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("PipeInput reports EPIPE as an error event when the reader is gone", async () => {
  const { dir, readFd, writeFd } = fifo();
  try {
    closeSync(readFd);
    const input = new PipeInput(writeFd);
    const failed = once(input, "error");
    input.write("nobody reads this\n");
    const [error] = (await failed) as [NodeJS.ErrnoException];
    assert.equal(error.code, "EPIPE");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
