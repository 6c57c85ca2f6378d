/**
 * Public entry of the XML reader: the Wazuh-tolerant reader that keeps positions, its types,
 * its diagnostic codes and the lookups consumers need. Imported by config and ruleset.
 */
export type { ReadXmlOptions, XmlAttribute, XmlDocument, XmlElement } from "./types.ts";
export { readXml } from "./read_xml.ts";
export { attr, attribute, childElements, firstChild, isNamed, textOf } from "./element_query.ts";
export { xmlCodes } from "./codes.ts";
