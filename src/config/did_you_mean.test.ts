// did-you-mean hints: edit distance with `-` = `_`, a limit relative to the name's length,
// and prefix matches.
import { test } from "node:test";
import assert from "node:assert/strict";
import { closest, editDistance } from "./did_you_mean.ts";

test("editDistance() counts edits, case-insensitively, with - and _ equal", () => {
  assert.equal(editDistance("white_lsit", "white_list"), 2);
  assert.equal(editDistance("Only_Future_Events", "only-future-events"), 0);
  assert.equal(editDistance("", "abc"), 3);
});

test("closest() suggests near names and prefixes, nothing for far ones", () => {
  assert.equal(closest("rule_id", ["rules_id", "rules_group", "level"]), "rules_id");
  assert.equal(closest("password", ["name", "password_hash", "role"]), "password_hash");
  assert.equal(closest("golbal", ["global", "remote"]), "global");
  assert.equal(closest("everywhere", ["local", "server", "defined-agent", "all"]), undefined);
  assert.equal(closest("port", ["white_list", "jsonout_output"]), undefined);
});
