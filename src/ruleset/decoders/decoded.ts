/**
 * The DecodedEvent that decoding returns: the pre-decoded header, the decoder chosen and the
 * decoded fields. Must not: decode (decode_event.ts) or be mutated after construction.
 */
import type { RawEvent } from "../../core/mod.ts";
import type { DecodedEvent, DecoderRef, Predecoded } from "../decoded_event.ts";
import type { FieldBag } from "./field_bag.ts";

export interface DecodedParts {
  readonly raw: RawEvent;
  readonly predecoded: Predecoded;
  readonly bag: FieldBag;
  readonly decoder?: DecoderRef;
  readonly decoderParent?: string;
  readonly generatedRuleId?: string;
  readonly syscheck?: Readonly<Record<string, unknown>>;
}

export class Decoded implements DecodedEvent {
  readonly raw: RawEvent;
  readonly predecoded: Predecoded;
  readonly decoder?: DecoderRef;
  readonly decoderName?: string;
  readonly decoderParent?: string;
  readonly generatedRuleId?: string;
  readonly syscheck?: Readonly<Record<string, unknown>>;
  readonly #bag: FieldBag;

  constructor(parts: DecodedParts) {
    this.raw = parts.raw;
    this.predecoded = parts.predecoded;
    this.#bag = parts.bag;
    if (parts.decoder) {
      this.decoder = parts.decoder;
      this.decoderName = parts.decoder.name;
    }
    if (parts.decoderParent !== undefined) this.decoderParent = parts.decoderParent;
    if (parts.generatedRuleId !== undefined) this.generatedRuleId = parts.generatedRuleId;
    if (parts.syscheck !== undefined) this.syscheck = parts.syscheck;
  }

  get fields(): ReadonlyMap<string, string> {
    return this.#bag.fields;
  }

  get hasDynamicFields(): boolean {
    return this.#bag.hasDynamicFields;
  }

  field(name: string): string | undefined {
    return this.#bag.field(name);
  }

  staticField(name: string): string | undefined {
    return this.#bag.staticField(name);
  }

  dynamicField(name: string): string | undefined {
    return this.#bag.dynamicField(name);
  }
}
