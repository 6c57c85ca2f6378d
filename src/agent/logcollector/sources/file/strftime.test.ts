import { test } from "node:test";
import assert from "node:assert/strict";
import { expandStrftime, hasStrftime } from "./strftime.ts";

test("expandStrftime() expands the date conversions Wazuh locations use, in local time", () => {
  const d = new Date(2026, 2, 5, 7, 8, 9);
  assert.equal(expandStrftime("/var/log/app-%Y-%m-%d.log", d), "/var/log/app-2026-03-05.log");
  assert.equal(expandStrftime("%y|%e|%H:%M:%S|%j|%a %A|%b %B|%p|100%%|%Q", d), "26| 5|07:08:09|064|Thu Thursday|Mar March|AM|100%|%Q");
  assert.ok(hasStrftime("/x/%Y.log") && !hasStrftime("/x/100%.log") && !hasStrftime("/x/*.log"));
});
