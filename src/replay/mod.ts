/**
 * Public entry of replay: `riposte replay` as a library. Historical logs (plain, gzip,
 * journald JSON exports) through the rules and the response configuration on event time,
 * with the live responder's own safety code, nothing run; the report as data, text or HTML.
 */
export { replayLogs, simulatorOptions, type ReplaySetup } from "./replay_logs.ts";
export { ReplaySimulator, YEAR_HINT_MS, type ReplayOptions, type SimDecision, type SimKind, type SimulationResult } from "./replay_simulator.ts";
export { buildReport, privateRangeOf, type ReplayReport, type BlockSummary, type AddressSummary, type TimelineBucket } from "./replay_report.ts";
export { formatReplayText, formatDuration } from "./report_text.ts";
export { renderReplayHtml } from "./report_html.ts";
export { readLogLines, type LogStats, type LogFormat } from "./log_source.ts";
export { ReplayError } from "./replay_error.ts";
export { replayCodes } from "./codes.ts";
