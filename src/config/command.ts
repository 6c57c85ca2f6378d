/**
 * `<command>`: a named response executable (Wazuh §1.1). Parsed in document order; the
 * cross-checks (duplicates, use before definition) are in cross_check.ts.
 * Must not: resolve the executable on disk (execd does, inside active-response/bin/).
 */
import type { XmlElement } from "../xml/mod.ts";
import type { ParseContext } from "./context.ts";
import type { CommandConfig } from "./types.ts";
import { walkSection } from "./section.ts";
import { readBool, readText, valueOf } from "./values.ts";

/** A command name: what Wazuh's ar.conf and execd can carry (no blanks, no `!` first). */
const NAME = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/;
/** A plain file name: no directory part, no `..`. */
const EXECUTABLE = /^(?!\.\.?$)[A-Za-z0-9_.-]+$/;

export function parseCommand(el: XmlElement, ctx: ParseContext): CommandConfig | undefined {
  const { bag } = ctx;
  let name: string | undefined;
  let executable: string | undefined;
  let timeoutAllowed = false;
  let extraArgs: string[] = [];
  let missing = false;
  walkSection(el, {
    section: "command",
    deprecated: { expect: "Wazuh ignores <expect> since 4.2: the response script decides what it needs" },
    options: {
      name: (c) => {
        name = readText(c, bag);
        if (name !== undefined && !NAME.test(name)) {
          const hint = name.startsWith("!") ? "\"!\" marks custom commands in requests, not in a definition" : "use letters, digits, \".\", \"_\" and \"-\"";
          bag.error("CFG_INVALID_VALUE", `Cannot use command name "${name}"`, valueOf(c).at, hint);
          missing = true;
        }
      },
      executable: (c) => {
        executable = readText(c, bag);
        if (executable !== undefined && !EXECUTABLE.test(executable)) {
          bag.error("CFG_INVALID_PATH", `Cannot use executable "${executable}": it must be a file name inside active-response/bin/`, valueOf(c).at, "write the file name only, without a directory or arguments (use <extra_args> for arguments)");
          missing = true;
        }
      },
      timeout_allowed: (c) => (timeoutAllowed = readBool(c, bag) ?? timeoutAllowed),
      extra_args: (c) => (extraArgs = valueOf(c).text.split(" ").filter((a) => a !== "")),
    },
  }, bag);
  for (const [option, value] of [["name", name], ["executable", executable]] as const) {
    if (value === undefined && !el.children.some((c) => c.name === option)) {
      bag.error("CFG_MISSING_OPTION", `Cannot define <command>: <${option}> is missing`, el.location);
      missing = true;
    }
  }
  if (name === undefined || executable === undefined || missing) return undefined;
  return { name, executable, timeoutAllowed, extraArgs, at: el.location };
}
