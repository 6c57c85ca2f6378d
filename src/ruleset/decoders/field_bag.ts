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

const STATIC_BIT = new Map([...STATIC_FIELDS].map((n, i) => [n, 1 << i]));

/** Wazuh compat: Config.decoder_order_size, the cap on dynamic fields per event. */
export const MAX_DYNAMIC_FIELDS = 256;

/** Where decoders and plug-ins write. MUST NOT throw. */
export interface FieldSink {
  setStatic(name: string, value: string): void;
  addDynamic(name: string, value: string): void;
  hasStatic(name: string): boolean;
}

export class FieldBag implements FieldSink {
  /** Original name → value, in decode order. Static slots are keyed by their exact name. */
  readonly fields = new Map<string, string>();
  /** Lower-cased dynamic name → first value; created on the first dynamic field. */
  #dynamic: Map<string, string> | undefined;
  #dynamicCount = 0;
  readonly #maxDynamic: number;
  /** Bit per static slot that was set (a dynamic field may share a static slot's spelling). */
  #staticBits = 0;
  /** Static values when a dynamic field took a static slot's spelling in `fields`. */
  #shadowed: Map<string, string> | undefined;

  setStatic(name: string, value: string): void {
    this.#staticBits |= STATIC_BIT.get(name) ?? 0;
    if (this.#shadowed?.has(name)) this.#shadowed.set(name, value);
    else this.fields.set(name, value);
  }

  /** `maxDynamic`: Wazuh's analysisd.decoder_order_size. */
  constructor(maxDynamic = MAX_DYNAMIC_FIELDS) {
    this.#maxDynamic = maxDynamic;
  }

  addDynamic(name: string, value: string): void {
    if (this.#dynamicCount >= this.#maxDynamic) return;
    this.#dynamicCount++;
    const lower = name.toLowerCase();
    this.#dynamic ??= new Map();
    if (this.#dynamic.has(lower)) return;
    this.#dynamic.set(lower, value);
    const bit = STATIC_BIT.get(name);
    if (bit !== undefined) {
      // Wazuh compat: e.g. a JSON key "system_name" is dynamic (the slot's JSON key is "systemname").
      this.#shadowed ??= new Map();
      if (this.#staticBits & bit) this.#shadowed.set(name, this.fields.get(name) ?? "");
      else this.#shadowed.set(name, "");
    }
    if (!this.fields.has(name)) this.fields.set(name, value);
  }

  hasStatic(name: string): boolean {
    return ((STATIC_BIT.get(name) ?? 0) & this.#staticBits) !== 0;
  }

  staticField(name: string): string | undefined {
    if (!this.hasStatic(name)) return undefined;
    return this.#shadowed?.get(name) ?? this.fields.get(name);
  }

  dynamicField(name: string): string | undefined {
    return this.#dynamic?.get(name.toLowerCase());
  }

  field(name: string): string | undefined {
    return this.staticField(name) ?? this.dynamicField(name);
  }

  /** Dynamic fields appended so far (duplicates included), as Wazuh's nfields. */
  get dynamicCount(): number {
    return this.#dynamicCount;
  }

  /** True when no more dynamic fields fit. */
  get full(): boolean {
    return this.#dynamicCount >= this.#maxDynamic;
  }

  get hasDynamicFields(): boolean {
    return this.#dynamicCount > 0;
  }
}
