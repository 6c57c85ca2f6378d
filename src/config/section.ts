/**
 * The walk every section shares: dispatch each child element to its option handler, warn on
 * Wazuh options Riposte does not implement, error on unknown ones (with a did-you-mean),
 * check attributes, and warn when a single-valued option is written twice.
 * Must not: interpret values (the section files do, with values.ts).
 */
import type { DiagnosticBag } from "../core/mod.ts";
import type { XmlElement } from "../xml/mod.ts";
import { didYouMeanElement } from "./did_you_mean.ts";
import { misplacedHint } from "./misplaced.ts";

export type OptionHandler = (el: XmlElement) => void;

export interface SectionSpec {
  /** The section's element name, for messages (`global`, `client/server`). */
  readonly section: string;
  readonly options: Readonly<Record<string, OptionHandler>>;
  /** Options that may appear several times (lists). Others warn CFG_DUPLICATE_OPTION. */
  readonly repeatable?: readonly string[];
  /** Attributes each option accepts (default: none). */
  readonly attributes?: Readonly<Record<string, readonly string[]>>;
  /** Wazuh options Riposte ignores with CFG_UNSUPPORTED_OPTION. */
  readonly unsupported?: readonly string[];
  /** Wazuh options that Wazuh itself ignores: CFG_DEPRECATED_OPTION. */
  readonly deprecated?: Readonly<Record<string, string>>;
}

/** Walks the children of `el` with `spec`; diagnostics go to `bag`. */
export function walkSection(el: XmlElement, spec: SectionSpec, bag: DiagnosticBag): void {
  const seen = new Set<string>();
  const unsupported = new Set(spec.unsupported ?? []);
  const repeatable = new Set(spec.repeatable ?? []);
  for (const child of el.children) {
    const handler = Object.hasOwn(spec.options, child.name) ? spec.options[child.name] : undefined;
    if (handler) {
      if (seen.has(child.name) && !repeatable.has(child.name)) {
        bag.warning("CFG_DUPLICATE_OPTION", `<${child.name}> is written twice in <${spec.section}>: the last one wins`, child.location);
      }
      seen.add(child.name);
      checkAttributes(child, spec.attributes?.[child.name] ?? [], bag);
      handler(child);
    } else if (unsupported.has(child.name)) {
      bag.warning("CFG_UNSUPPORTED_OPTION", `<${spec.section}><${child.name}> is not supported by Riposte: it is ignored`, child.location);
    } else if (spec.deprecated && Object.hasOwn(spec.deprecated, child.name)) {
      bag.warning("CFG_DEPRECATED_OPTION", `<${spec.section}><${child.name}> is deprecated: it is ignored`, child.location, spec.deprecated[child.name]);
    } else {
      unknownElement(child, spec.section, [...Object.keys(spec.options), ...unsupported], bag);
    }
  }
}

export function unknownElement(el: XmlElement, where: string, known: Iterable<string>, bag: DiagnosticBag): void {
  const hint = didYouMeanElement(el.name, known) ?? misplacedHint(el.name, where);
  bag.error("CFG_UNKNOWN_ELEMENT", `Cannot use <${el.name}> in <${where}>: unknown element`, el.location, hint);
}

/** Errors CFG_UNKNOWN_ATTRIBUTE for every attribute not in `allowed`. */
export function checkAttributes(el: XmlElement, allowed: readonly string[], bag: DiagnosticBag): void {
  for (const attr of el.attributes) {
    if (allowed.includes(attr.name)) continue;
    const hint = allowed.length === 0 ? `<${el.name}> takes no attributes` : `<${el.name}> accepts ${allowed.join(", ")}`;
    bag.error("CFG_UNKNOWN_ATTRIBUTE", `Cannot use attribute "${attr.name}" on <${el.name}>: unknown attribute`, attr.location, hint);
  }
}
