/**
 * A Map with a size cap that evicts the least recently written key: the storage of the
 * first-time-seen and check_diff stores.
 */

export class BoundedMap<V> {
  readonly #map = new Map<string, V>();
  readonly #cap: number;

  constructor(cap: number) {
    this.#cap = Math.max(1, cap);
  }

  get(key: string): V | undefined {
    return this.#map.get(key);
  }

  has(key: string): boolean {
    return this.#map.has(key);
  }

  set(key: string, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.#cap) {
      const oldest = this.#map.keys().next().value;
      if (oldest !== undefined) this.#map.delete(oldest);
    }
  }

  get size(): number {
    return this.#map.size;
  }
}
