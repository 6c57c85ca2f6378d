import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Alert } from "../../core/mod.ts";
import { createAlertsJsonOutput } from "./mod.ts";
import { runAlertOutputConformance } from "../../../test/harness/alert_output_conformance.ts";

const alert = (id: string): Alert => ({
  timestamp: "2026-01-01T00:00:00.000+0000", id, location: "/l", manager: { name: "m" }, agent: { id: "000", name: "m" },
  rule: { level: 3, description: "d", id: "1", firedtimes: 1, mail: false, groups: [] },
});

test("alerts_json output: one JSON alert per line, rotated at the first write of a new UTC day", async () => {
  const dir = mkdtempSync(join(tmpdir(), "riposte-aj-"));
  try {
    let now = Date.UTC(2026, 0, 1, 23, 59);
    const out = createAlertsJsonOutput({ dir, now: () => now });
    out.write(alert("1.1"));
    out.write(alert("1.2"));
    await out.flush();
    now = Date.UTC(2026, 0, 2, 0, 1);
    out.write(alert("2.1"));
    await out.close();
    assert.deepEqual(readdirSync(dir).sort(), ["alerts-2026-01-01.json", "alerts.json"]);
    const ids = (f: string) => readFileSync(join(dir, f), "utf8").trim().split("\n").map((l) => (JSON.parse(l) as Alert).id);
    assert.deepEqual(ids("alerts-2026-01-01.json"), ["1.1", "1.2"]);
    assert.deepEqual(ids("alerts.json"), ["2.1"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

runAlertOutputConformance("alerts_json output", () => {
  const dir = mkdtempSync(join(tmpdir(), "riposte-ajc-"));
  return {
    output: createAlertsJsonOutput({ dir }),
    read: () => {
      const path = join(dir, "alerts.json");
      return existsSync(path) ? readFileSync(path, "utf8").split("\n").filter((l) => l !== "").map((l) => (JSON.parse(l) as Alert).id) : [];
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
});
