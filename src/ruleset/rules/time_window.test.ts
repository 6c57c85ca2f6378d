import { test } from "node:test";
import assert from "node:assert/strict";
import { compileTimeRange, compileWeekday } from "./time_window.ts";

const at = (h: number, m: number, day = 10) => new Date(2026, 11, day, h, m).getTime();

test("compileTimeRange() is inclusive, reads am/pm, wraps around midnight and accepts a leading !", () => {
  const office = compileTimeRange("9:00 am - 6 pm");
  assert.ok(office);
  assert.equal(office(at(9, 0)), true);
  assert.equal(office(at(18, 0)), true);
  assert.equal(office(at(18, 1)), false);
  const night = compileTimeRange("22:00 - 06:00");
  assert.equal(night?.(at(23, 30)), true);
  assert.equal(night?.(at(12, 0)), false);
  assert.equal(compileTimeRange("!9-17")?.(at(10, 0)), false);
  assert.equal(compileTimeRange("25:00 - 26:00"), undefined);
  assert.equal(compileTimeRange("noon"), undefined);
});

test("compileWeekday() takes names, short names, weekdays and weekends", () => {
  const wednesday = at(12, 0, 9); // 2026-12-09 is a Wednesday
  assert.equal(compileWeekday("weekdays")?.(wednesday), true);
  assert.equal(compileWeekday("weekends")?.(wednesday), false);
  assert.equal(compileWeekday("mon, wed")?.(wednesday), true);
  assert.equal(compileWeekday("monday sunday")?.(wednesday), false);
  assert.equal(compileWeekday("someday"), undefined);
});
