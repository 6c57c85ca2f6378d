/**
 * A test Analyzer: records every event it is given and turns each into a level-3 alert whose
 * rule id is "100000", so tests see exactly what reached analysis and what outputs received.
 */
import type { Alert, RawEvent } from "../../src/core/mod.ts";

export interface RecordingAnalyzer {
  readonly events: RawEvent[];
  analyze(event: RawEvent): Alert | undefined;
}

export function createRecordingAnalyzer(): RecordingAnalyzer {
  const events: RawEvent[] = [];
  let counter = 0;
  return {
    events,
    analyze(event: RawEvent): Alert {
      events.push(event);
      counter++;
      return {
        timestamp: new Date(event.receivedAt).toISOString(),
        rule: { level: 3, description: "test event", id: "100000", firedtimes: counter, mail: false, groups: ["test"] },
        agent: { id: event.agentId, name: event.agentName, ...(event.agentIp ? { ip: event.agentIp } : {}) },
        manager: { name: "test-manager" },
        id: `${Math.floor(event.receivedAt / 1000)}.${counter}`,
        full_log: event.log,
        location: event.location,
      };
    },
  };
}
