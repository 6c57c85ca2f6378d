/**
 * Decoded fields of one event (semantics §1.3): the static Eventinfo slots and the dynamic
 * fields, with Wazuh's rules — a static name overwrites its slot, a dynamic name is appended
 * (at most MAX_DYNAMIC_FIELDS; lookups are case-insensitive and the first occurrence wins).
 * Must not: know about decoders or patterns.
 */

/** Wazuh's fixed Eventinfo slots that decoders can fill. */
export const STATIC_FIELDS: ReadonlySet<string> = new Set([
  "srcip", "dstip", "srcport", "dstport", "protocol", "action", "srcuser", "dstuser",
  "id", "status", "url", "data", "extra_data", "system_name",
]);

/** Wazuh compat: Config.decoder_order_size, the cap on dynamic fields per event. */
export const MAX_DYNAMIC_FIELDS = 256;

/** Where decoders and plug-ins write. MUST NOT throw. */
export interface FieldSink {
  setStatic(name: string, value: string): void;
  addDynamic(name: string, value: string): void;
  hasStatic(name: string): boolean;
}

export class FieldBag implements FieldSink {
  /** Original name → value, in decode order. */
  readonly fields = new Map<string, string>();
  readonly #static = new Map<string, string>();
  readonly #dynamic = new Map<string, string>();
  #dynamicCount = 0;

  setStatic(name: string, value: string): void {
    this.#static.set(name, value);
    this.fields.set(name, value);
  }

  addDynamic(name: string, value: string): void {
    if (this.#dynamicCount >= MAX_DYNAMIC_FIELDS) return;
    this.#dynamicCount++;
    const lower = name.toLowerCase();
    if (this.#dynamic.has(lower)) return;
    this.#dynamic.set(lower, value);
    if (!this.fields.has(name)) this.fields.set(name, value);
  }

  hasStatic(name: string): boolean {
    return this.#static.has(name);
  }

  staticField(name: string): string | undefined {
    return this.#static.get(name);
  }

  dynamicField(name: string): string | undefined {
    return this.#dynamic.get(name.toLowerCase());
  }

  field(name: string): string | undefined {
    return this.#static.get(name) ?? this.#dynamic.get(name.toLowerCase());
  }

  get hasDynamicFields(): boolean {
    return this.#dynamicCount > 0;
  }
}
