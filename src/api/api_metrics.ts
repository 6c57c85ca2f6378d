/**
 * The metrics GET /metrics exposes: events analysed, alerts by level, response decisions by
 * kind, execution results by outcome and their durations, queue depths (intake backlog,
 * commands waiting for agents), agents by status, active responses, transport counters,
 * and the API's own requests and latencies.
 * Must not: throw from a hook (the manager calls them on its hot path).
 */
import type { Alert } from "../core/mod.ts";
import type { StoredDecision } from "../manager/dispatch/mod.ts";
import type { AgentRecord, ManagerStats } from "../manager/mod.ts";
import type { Responder } from "../manager/dispatch/mod.ts";
import { Counter, Gauge, Histogram, MetricsRegistry } from "./metrics.ts";

/** What the gauges read at scrape time. */
export interface MetricSources {
  readonly agents: { list(): readonly AgentRecord[] };
  readonly responder: Pick<Responder, "pending" | "active">;
  readonly stats?: () => ManagerStats;
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class ApiMetrics {
  readonly registry = new MetricsRegistry();
  readonly #alerts = this.registry.add(new Counter("riposte_alerts_total", "Alerts seen by the API since start, by rule level"));
  readonly #decisions = this.registry.add(new Counter("riposte_response_decisions_total", "Active-response decisions since start, by kind (queued, dry_run, whitelisted, self_protected, …)"));
  readonly #results = this.registry.add(new Counter("riposte_response_results_total", "Execution results reported by agents since start, by command and outcome"));
  readonly #duration = this.registry.add(new Histogram("riposte_response_duration_seconds", "Execution time of responses on agents", SECONDS));
  readonly #requests = this.registry.add(new Counter("riposte_api_requests_total", "API requests by route, method and status"));
  readonly #latency = this.registry.add(new Histogram("riposte_api_request_duration_seconds", "API request latency by route", SECONDS));

  constructor(services: MetricSources, sseClients: () => number) {
    const stats = () => services.stats?.();
    const one = (v: number | undefined) => (v === undefined ? [] : [{ value: v }]);
    this.registry.add(new Gauge("riposte_events_analysed_total", "Events analysed by the manager since start", () => one(stats()?.analysis.analysed), "counter"));
    this.registry.add(new Gauge("riposte_manager_alerts_total", "Alerts produced by the analysis since start", () => one(stats()?.analysis.alerts), "counter"));
    this.registry.add(new Gauge("riposte_analysis_failures_total", "Events whose analysis failed", () => one(stats()?.analysis.failed), "counter"));
    this.registry.add(new Gauge("riposte_intake_backlog", "Events received and not analysed yet (queue depth)", () => one(stats()?.backlog)));
    this.registry.add(new Gauge("riposte_agents_connected", "Agents connected now", () => one(stats()?.connected)));
    this.registry.add(new Gauge("riposte_manager_counter_total", "Transport and manager counters", () =>
      Object.entries(stats()?.counters ?? {}).map(([name, value]) => ({ labels: { name }, value })), "counter"));
    this.registry.add(new Gauge("riposte_agents", "Registered agents by status", () => {
      const by = new Map<string, number>();
      for (const a of services.agents.list()) by.set(a.status, (by.get(a.status) ?? 0) + 1);
      return [...by].map(([status, value]) => ({ labels: { status }, value }));
    }));
    this.registry.add(new Gauge("riposte_response_queue_depth", "Response commands waiting for their agent", () =>
      [{ value: services.agents.list().reduce((n, a) => n + services.responder.pending(a.id).length, 0) }]));
    this.registry.add(new Gauge("riposte_active_responses", "Active (not yet expired) responses", () => [{ value: services.responder.active().length }]));
    this.registry.add(new Gauge("riposte_api_event_stream_clients", "Clients connected to GET /events", () => [{ value: sseClients() }]));
  }

  alert(alert: Alert): void {
    this.#alerts.inc({ level: String(alert.rule.level) });
  }

  decision(d: StoredDecision): void {
    this.#decisions.inc({ decision: d.decision });
  }

  result(r: { readonly command: string; readonly outcome: string; readonly durationMs: number }): void {
    this.#results.inc({ command: r.command, outcome: r.outcome });
    this.#duration.observe(r.durationMs / 1000);
  }

  request(route: string, method: string, status: number, seconds: number): void {
    this.#requests.inc({ route, method, status: String(status) });
    this.#latency.observe(seconds, { route });
  }

  render(): string {
    return this.registry.render();
  }
}
