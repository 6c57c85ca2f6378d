/**
 * Wazuh's AffectedItemsWazuhResult envelope: affected items, failed items grouped by identical
 * error (`{error:{code,message,remediation}, id:[…]}`), and `error` 0 (all), 2 (some failed),
 * 1 (all failed), with the route's three messages.
 * Must not: know what the items are.
 */
export interface FailedError {
  readonly code: number;
  readonly message: string;
  readonly remediation?: string;
  readonly riposte_code?: string;
}

export class FailedItems {
  readonly #groups = new Map<string, { error: FailedError; id: string[] }>();
  #count = 0;

  add(id: string, error: FailedError): void {
    const key = `${error.code}\u0000${error.message}\u0000${error.riposte_code ?? ""}`;
    let g = this.#groups.get(key);
    if (!g) {
      g = { error, id: [] };
      this.#groups.set(key, g);
    }
    g.id.push(id);
    this.#count++;
  }

  get count(): number {
    return this.#count;
  }

  list(): { error: FailedError; id: string[] }[] {
    return [...this.#groups.values()];
  }
}

export interface Messages {
  readonly all: string;
  readonly some: string;
  readonly none: string;
}

export function envelope<T>(affected: readonly T[], failed: FailedItems, messages: Messages, extra: Record<string, unknown> = {}): {
  data: Record<string, unknown>;
  message: string;
  error: 0 | 1 | 2;
} {
  const error = failed.count === 0 ? 0 : affected.length === 0 ? 1 : 2;
  return {
    data: { affected_items: affected, total_affected_items: affected.length, total_failed_items: failed.count, failed_items: failed.list(), ...extra },
    message: error === 0 ? messages.all : error === 2 ? messages.some : messages.none,
    error,
  };
}

/** For read routes: all items returned, total possibly larger than the page. */
export function page<T>(items: readonly T[], total: number, message: string, extra: Record<string, unknown> = {}) {
  return { data: { affected_items: items, total_affected_items: total, total_failed_items: 0, failed_items: [], ...extra }, message, error: 0 as const };
}
