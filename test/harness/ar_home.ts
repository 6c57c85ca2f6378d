/**
 * Test homes for active-response tests: a temp Riposte home with `active-response/bin/` and
 * real response scripts (POSIX sh, no node start-up cost) that record what they receive.
 * The recording script stands in for firewall-drop: it reads one JSON line, answers
 * check_keys with [srcip], reads continue/abort, and keeps its "blocks" as files in
 * `state/`, so tests can see what is blocked. Lines go to `record.log` in the home.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface ArHome {
  readonly home: string;
  readonly bin: string;
  /** Writes an executable script into active-response/bin. */
  script(name: string, body: string): string;
  /** Lines of record.log. */
  records(): string[];
  isBlocked(key: string): boolean;
  cleanup(): void;
}

export function createArHome(prefix = "riposte-ar-"): ArHome {
  const home = mkdtempSync(join(tmpdir(), prefix));
  const bin = join(home, "active-response", "bin");
  mkdirSync(bin, { recursive: true });
  mkdirSync(join(home, "state"));
  mkdirSync(join(home, "logs"));
  return {
    home,
    bin,
    script(name, body) {
      const p = join(bin, name);
      writeFileSync(p, body);
      chmodSync(p, 0o755);
      return p;
    },
    records() {
      const p = join(home, "record.log");
      return existsSync(p) ? readFileSync(p, "utf8").split("\n").filter((l) => l !== "") : [];
    },
    isBlocked: (key) => existsSync(join(home, "state", key)),
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}

const EXTRACT_IP = `ip=$(printf '%s' "$line" | sed -n 's/.*"srcip":"\\([0-9a-fA-F.:]*\\)".*/\\1/p')`;

/** A firewall-drop stand-in: check_keys [srcip], records IN/REPLY/ADD/DELETE lines. */
export const RECORDING_SCRIPT = `#!/bin/sh
read -r line
${EXTRACT_IP}
cmd=$(printf '%s' "$line" | sed -n 's/.*"command":"\\([a-z]*\\)".*/\\1/p')
printf 'IN %s %s %s\\n' "$cmd" "$ip" "$*" >> record.log
if [ "$cmd" = "delete" ]; then
  rm -f "state/$ip"
  printf 'DELETE %s\\n' "$ip" >> record.log
  exit 0
fi
[ -n "$ip" ] || { printf 'NOIP\\n' >> record.log; exit 1; }
printf '{"version":1,"origin":{"name":"rec","module":"active-response"},"command":"check_keys","parameters":{"keys":["%s"]}}\\n' "$ip"
read -r reply
answer=$(printf '%s' "$reply" | sed -n 's/.*"command":"\\([a-z]*\\)".*/\\1/p')
printf 'REPLY %s %s\\n' "$answer" "$ip" >> record.log
[ "$answer" = "continue" ] || exit 0
touch "state/$ip"
printf 'ADD %s\\n' "$ip" >> record.log
`;

/** A script that never answers and never exits (watchdog tests). */
export const HANGING_SCRIPT = `#!/bin/sh
printf 'HANG %s\\n' "$$" >> record.log
exec sleep 100000
`;

/** A script that reads stdin to EOF before doing anything (Wazuh #29602). */
export const EOF_READER_SCRIPT = `#!/bin/sh
cat > /dev/null
printf 'EOFREAD\\n' >> record.log
`;

/** A stateless script: no check_keys, records and exits. */
export const STATELESS_SCRIPT = `#!/bin/sh
read -r line
printf 'STATELESS %s\\n' "$*" >> record.log
`;
