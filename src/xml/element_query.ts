/**
 * Small lookups consumers (config sections, decoder and rule loaders) do on XmlElements.
 * Names compare case-insensitively, as analysisd mostly does (`strcasecmp`).
 * Must not: change elements, or know any element's meaning.
 */
import type { XmlAttribute, XmlElement } from "./types.ts";

function sameName(a: string, b: string): boolean {
  return a === b || (a.length === b.length && a.toLowerCase() === b.toLowerCase());
}

/** The attribute `name` of `el` (case-insensitive), or undefined. */
export function attribute(el: XmlElement, name: string): XmlAttribute | undefined {
  return el.attributes.find((a) => sameName(a.name, name));
}

/** The value of attribute `name` of `el` (case-insensitive), or undefined when absent. */
export function attr(el: XmlElement, name: string): string | undefined {
  return attribute(el, name)?.value;
}

/** Child elements of `el` named `name` (case-insensitive), in order; all of them without a name. */
export function childElements(el: XmlElement, name?: string): XmlElement[] {
  if (name === undefined) return [...el.children];
  return el.children.filter((c) => sameName(c.name, name));
}

/** The first child element named `name` (case-insensitive), or undefined. */
export function firstChild(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => sameName(c.name, name));
}

/** The element's text with leading and trailing whitespace removed. */
export function textOf(el: XmlElement): string {
  return el.text.trim();
}

/** Whether `el` is named `name` (case-insensitive). */
export function isNamed(el: XmlElement, name: string): boolean {
  return sameName(el.name, name);
}
