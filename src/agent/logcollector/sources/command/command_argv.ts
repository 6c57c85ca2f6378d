/**
 * Splits a <command> into argv without a shell, with POSIX quoting: blanks separate words,
 * '…' is literal, "…" honours \" \\ \$ \` escapes, and a backslash outside quotes escapes the
 * next character. Anything a shell would interpret (| & ; < > ( ) $ ` * ? [ { }, a leading ~
 * or #, a newline) outside quotes is refused, so the command never silently means something
 * else than what a shell would run.
 * Decision (docs/logcollector.md): Wazuh runs <command> through popen (/bin/sh -c). Riposte
 * runs argv directly; an operator who wants a shell writes it: `sh -c 'netstat -tan | sort'`.
 * Must not: do I/O.
 */

export type SplitResult = { readonly argv: string[] } | { readonly error: string };

const SHELL_CHARS = new Set(["|", "&", ";", "<", ">", "(", ")", "$", "`", "*", "?", "[", "{", "}", "\n"]);

export function splitCommand(command: string): SplitResult {
  const argv: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i] ?? "";
    if (c === " " || c === "\t") {
      if (word !== undefined) argv.push(word);
      word = undefined;
    } else if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) return { error: "unterminated single quote" };
      word = (word ?? "") + command.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      const r = doubleQuoted(command, i + 1);
      if ("error" in r) return r;
      word = (word ?? "") + r.text;
      i = r.end;
    } else if (c === "\\") {
      if (i + 1 >= command.length) return { error: "trailing backslash" };
      word = (word ?? "") + command[++i];
    } else if (SHELL_CHARS.has(c) || (word === undefined && (c === "~" || c === "#"))) {
      return { error: `shell syntax "${c === "\n" ? "\\n" : c}" at column ${i + 1}` };
    } else {
      word = (word ?? "") + c;
    }
  }
  if (word !== undefined) argv.push(word);
  if (argv.length === 0) return { error: "empty command" };
  return { argv };
}

function doubleQuoted(command: string, from: number): { text: string; end: number } | { error: string } {
  let text = "";
  for (let i = from; i < command.length; i++) {
    const c = command[i] ?? "";
    if (c === '"') return { text, end: i };
    if (c === "$" || c === "`") return { error: `shell expansion "${c}" inside double quotes at column ${i + 1}` };
    if (c === "\\" && i + 1 < command.length && '"\\$`'.includes(command[i + 1] ?? "")) {
      text += command[++i];
    } else {
      text += c;
    }
  }
  return { error: "unterminated double quote" };
}
