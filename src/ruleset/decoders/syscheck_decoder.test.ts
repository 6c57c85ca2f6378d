import { test } from "node:test";
import assert from "node:assert/strict";
import type { RawEvent } from "../../core/mod.ts";
import { readXml } from "../../xml/mod.ts";
import { decodeEvent, loadDecoders } from "./mod.ts";

const set = loadDecoders([readXml(`<decoder name="json"><prematch>^{</prematch><plugin_decoder>JSON_Decoder</plugin_decoder></decoder>`, "d.xml", { dialect: "wazuh" })]).decoders;

function fim(data: Record<string, unknown>, queue: RawEvent["queue"] = "8") {
  const raw: RawEvent = { agentId: "001", agentName: "web01", location: "[001] (web01) 10.0.0.5->syscheck", log: JSON.stringify({ type: "event", data }), queue, receivedAt: 0 };
  return decodeEvent(set, raw, { managerName: "m" });
}

const attrs = { type: "file", size: 1268, perm: "rw-r--r--", uid: "0", gid: "0", user_name: "root", group_name: "root", inode: 1835, mtime: 1700000000, hash_md5: "a1", hash_sha1: "b1", hash_sha256: "c1", checksum: "x" };

test("decodeSyscheck() a modification is syscheck_integrity_changed with before/after fields", () => {
  const d = fim({ path: "/etc/passwd", mode: "realtime", type: "modified", attributes: { ...attrs, size: 1300, hash_md5: "a2" }, old_attributes: attrs, changed_attributes: ["size", "md5"] });
  assert.equal(d.decoderName, "syscheck_integrity_changed");
  assert.equal(d.decoder?.type, "ossec");
  assert.equal(d.field("file"), "/etc/passwd");
  assert.equal(d.field("size_before"), "1268");
  assert.equal(d.field("size_after"), "1300");
  assert.equal(d.field("changed_fields"), "size,md5");
  assert.equal(d.predecoded.fullLog, "File '/etc/passwd' modified\nMode: realtime\nChanged attributes: size,md5\nSize changed from '1268' to '1300'\nOld md5sum was: 'a1'\nNew md5sum is : 'a2'\n");
  assert.equal(d.predecoded.log, d.predecoded.fullLog);
  assert.deepEqual(d.syscheck?.["changed_attributes"], ["size", "md5"]);
  assert.equal(d.syscheck?.["event"], "modified");
  assert.equal(d.predecoded.hostname, "web01");
});

test("decodeSyscheck() added and deleted files", () => {
  const a = fim({ path: "/etc/new", mode: "scheduled", type: "added", attributes: attrs });
  assert.deepEqual([a.decoderName, a.predecoded.fullLog, a.field("size_before")], ["syscheck_new_entry", "File '/etc/new' added\nMode: scheduled\n", undefined]);
  const d = fim({ path: "/etc/old", mode: "realtime", type: "deleted", attributes: attrs });
  assert.deepEqual([d.decoderName, d.syscheck?.["path"], d.syscheck?.["md5_after"]], ["syscheck_deleted", "/etc/old", "a1"]);
});

test("decodeSyscheck() control messages and garbage decode to nothing; other queues use the XML decoders", () => {
  const raw = (log: string): RawEvent => ({ agentId: "000", agentName: "m", location: "syscheck", log, queue: "8", receivedAt: 0 });
  for (const log of ['{"type":"scan_start","data":{"timestamp":1}}', "{", "", '{"type":"event","data":{"path":1}}', '{"type":"event","data":{"path":"/x","type":"renamed"}}']) {
    assert.equal(decodeEvent(set, raw(log)).decoderName, undefined);
  }
  assert.equal(fim({ path: "/x", type: "added" }, "1").decoderName, "json");
});
