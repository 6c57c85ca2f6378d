import { test } from "node:test";
import assert from "node:assert/strict";
import { eventTimeMs } from "./event_time.ts";

const ref = Date.UTC(2026, 10, 29, 12, 0, 0);
const utc = { referenceMs: ref, timeZone: "utc" as const };

test("eventTimeMs() classic syslog takes the reference year, or the year before", () => {
  assert.equal(eventTimeMs("Nov 29 10:00:01", "syslog", utc), Date.UTC(2026, 10, 29, 10, 0, 1));
  assert.equal(eventTimeMs("Dec 31 23:59:59", "syslog", utc), Date.UTC(2025, 11, 31, 23, 59, 59));
  assert.equal(eventTimeMs("Feb  4 23:05:57", "syslog", utc), Date.UTC(2026, 1, 4, 23, 5, 57));
});

test("eventTimeMs() ISO forms honour their offset", () => {
  assert.equal(eventTimeMs("2007-06-14T15:48:55-04:00", "iso8601", utc), Date.UTC(2007, 5, 14, 19, 48, 55));
  assert.equal(eventTimeMs("2022-12-19T15:02:53.288+00:00", "iso8601", utc), Date.UTC(2022, 11, 19, 15, 2, 53, 288));
  assert.equal(eventTimeMs("2021-04-21 10:16:09.404756-0700", "macos-uls", utc), Date.UTC(2021, 3, 21, 17, 16, 9, 404));
  assert.equal(eventTimeMs("2015-04-16 21:51:02,805", "proftpd", utc), Date.UTC(2015, 3, 16, 21, 51, 2, 805));
});

test("eventTimeMs() year-first, xferlog, apache, snort, suricata and squid", () => {
  assert.equal(eventTimeMs("2015 Nov 13 13:40:01", "year-syslog", utc), Date.UTC(2015, 10, 13, 13, 40, 1));
  assert.equal(eventTimeMs("Mon Apr 17 18:27:14 2006", "xferlog", utc), Date.UTC(2006, 3, 17, 18, 27, 14));
  assert.equal(eventTimeMs("Fri Feb 11 18:06:35 2004", "apache", utc), Date.UTC(2004, 1, 11, 18, 6, 35));
  assert.equal(eventTimeMs("01/28-09:13:16.240702", "snort", utc), Date.UTC(2026, 0, 28, 9, 13, 16, 240));
  assert.equal(eventTimeMs("01/28/1979-09:13:16.240702", "suricata", utc), Date.UTC(1979, 0, 28, 9, 13, 16, 240));
  assert.equal(eventTimeMs("1140804070.368 ", "squid", utc), 1140804070368);
});

test("eventTimeMs() garbage in a positionally valid header gives undefined", () => {
  assert.equal(eventTimeMs("Xyz 99 99:99:99", "syslog", utc), undefined);
  assert.equal(eventTimeMs("", "iso8601", utc), undefined);
});
