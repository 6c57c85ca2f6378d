/**
 * Small readers over the XML tree used by the rule parser: case-insensitive attribute and
 * element lookup, as Wazuh's loaders compare names with strcasecmp.
 */
import type { XmlAttribute, XmlElement } from "../../xml/mod.ts";

export function attribute(element: XmlElement, name: string): XmlAttribute | undefined {
  const lower = name.toLowerCase();
  return element.attributes.find((a) => a.name.toLowerCase() === lower);
}

export function attributeValue(element: XmlElement, name: string): string | undefined {
  return attribute(element, name)?.value;
}

/** Parses an unsigned decimal integer written with digits only (surrounding spaces allowed). */
export function parseDigits(text: string): number | undefined {
  const trimmed = text.trim();
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : undefined;
}
