/**
 * Prometheus text exposition (version 0.0.4) for GET /metrics: counters with labels,
 * histograms with fixed buckets, and gauges read at scrape time. Label values are escaped;
 * the number of label sets per metric is bounded (MAX_SERIES) so hostile input cannot grow it.
 * Must not: know what is measured (api_server.ts registers the metrics).
 */
const MAX_SERIES = 1000;

type Labels = Readonly<Record<string, string>>;

const escape = (v: string): string => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
const labelText = (l: Labels): string => {
  const keys = Object.keys(l);
  return keys.length === 0 ? "" : `{${keys.map((k) => `${k}="${escape(l[k] as string)}"`).join(",")}}`;
};

interface Metric {
  render(): string;
}

export class Counter implements Metric {
  readonly #name: string;
  readonly #help: string;
  readonly #values = new Map<string, number>();

  constructor(name: string, help: string) {
    this.#name = name;
    this.#help = help;
  }

  inc(labels: Labels = {}, by = 1): void {
    const key = labelText(labels);
    if (!this.#values.has(key) && this.#values.size >= MAX_SERIES) return;
    this.#values.set(key, (this.#values.get(key) ?? 0) + by);
  }

  render(): string {
    const lines = [`# HELP ${this.#name} ${this.#help}`, `# TYPE ${this.#name} counter`];
    for (const [k, v] of this.#values) lines.push(`${this.#name}${k} ${v}`);
    return lines.join("\n");
  }
}

export class Histogram implements Metric {
  readonly #name: string;
  readonly #help: string;
  readonly #buckets: readonly number[];
  readonly #series = new Map<string, { counts: number[]; sum: number; count: number; labels: Labels }>();

  constructor(name: string, help: string, buckets: readonly number[]) {
    this.#name = name;
    this.#help = help;
    this.#buckets = buckets;
  }

  observe(value: number, labels: Labels = {}): void {
    const key = labelText(labels);
    let s = this.#series.get(key);
    if (!s) {
      if (this.#series.size >= MAX_SERIES) return;
      s = { counts: this.#buckets.map(() => 0), sum: 0, count: 0, labels };
      this.#series.set(key, s);
    }
    this.#buckets.forEach((b, i) => {
      if (value <= b) (s.counts[i] as number)++;
    });
    s.sum += value;
    s.count++;
  }

  render(): string {
    const lines = [`# HELP ${this.#name} ${this.#help}`, `# TYPE ${this.#name} histogram`];
    for (const [key, s] of this.#series) {
      this.#buckets.forEach((b, i) => lines.push(`${this.#name}_bucket${labelText({ ...s.labels, le: String(b) })} ${s.counts[i]}`));
      lines.push(`${this.#name}_bucket${labelText({ ...s.labels, le: "+Inf" })} ${s.count}`);
      lines.push(`${this.#name}_sum${key} ${s.sum}`, `${this.#name}_count${key} ${s.count}`);
    }
    return lines.join("\n");
  }
}

/** A value read at scrape time; `type` "counter" for monotonic figures another component keeps. */
export class Gauge implements Metric {
  readonly #name: string;
  readonly #help: string;
  readonly #read: () => readonly { labels?: Labels; value: number }[];
  readonly #type: "gauge" | "counter";

  constructor(name: string, help: string, read: () => readonly { labels?: Labels; value: number }[], type: "gauge" | "counter" = "gauge") {
    this.#name = name;
    this.#help = help;
    this.#read = read;
    this.#type = type;
  }

  render(): string {
    const lines = [`# HELP ${this.#name} ${this.#help}`, `# TYPE ${this.#name} ${this.#type}`];
    for (const v of this.#read()) lines.push(`${this.#name}${labelText(v.labels ?? {})} ${v.value}`);
    return lines.join("\n");
  }
}

export class MetricsRegistry {
  readonly #metrics: Metric[] = [];

  add<M extends Metric>(metric: M): M {
    this.#metrics.push(metric);
    return metric;
  }

  /** The exposition text; a gauge whose reader throws is skipped. */
  render(): string {
    const parts: string[] = [];
    for (const m of this.#metrics) {
      try {
        parts.push(m.render());
      } catch {
        // A source that is not running (manager stopping): leave the metric out of this scrape.
      }
    }
    return `${parts.join("\n")}\n`;
  }
}
