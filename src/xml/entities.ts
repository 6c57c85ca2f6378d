/**
 * Entity decoding for the "config" dialect: the five XML entities and numeric character
 * references (`&#233;`, `&#xE9;`). Anything else is kept as written: a bare `&` (shell
 * commands in ossec.conf use `&&`) silently, an `&word;` with a warning.
 * Must not: be used for the "wazuh" dialect (os_xml decodes nothing).
 */
import type { XmlReport } from "./codes.ts";
import type { SourceText } from "./source_text.ts";

const named: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Longest `&…;` we try to read as an entity. */
const maxEntityLength = 12;

/** Appends `raw` (which starts at source offset `offset`) to `out`, entities decoded. */
export function decodeEntities(raw: string, offset: number, out: SourceText, report: XmlReport): void {
  let from = 0;
  let amp = raw.indexOf("&");
  while (amp !== -1) {
    const semi = raw.indexOf(";", amp + 1);
    if (semi === -1) break;
    if (semi - amp > maxEntityLength) {
      amp = raw.indexOf("&", amp + 1);
      continue;
    }
    const decoded = decodeOne(raw.slice(amp + 1, semi), offset + amp, report);
    if (decoded !== undefined) {
      out.append(raw.slice(from, amp), offset + from);
      out.append(decoded, offset + amp);
      from = semi + 1;
    }
    amp = raw.indexOf("&", decoded === undefined ? amp + 1 : semi + 1);
  }
  out.append(raw.slice(from), offset + from);
}

function decodeOne(body: string, offset: number, report: XmlReport): string | undefined {
  if (body.startsWith("#")) return decodeNumeric(body, offset, report);
  const value = named[body];
  if (value !== undefined) return value;
  if (/^[A-Za-z][A-Za-z0-9]*$/.test(body)) {
    report(
      "XML_UNKNOWN_ENTITY",
      `Entity "&${body};" is not an XML entity; it is kept as written`,
      offset,
      'Only &lt; &gt; &amp; &quot; &apos; and &#N; are decoded; write "&amp;" for a literal "&"',
      true,
    );
  }
  return undefined;
}

function decodeNumeric(body: string, offset: number, report: XmlReport): string | undefined {
  const hex = body[1] === "x" || body[1] === "X";
  const digits = body.slice(hex ? 2 : 1);
  const valid = hex ? /^[0-9A-Fa-f]{1,6}$/.test(digits) : /^[0-9]{1,7}$/.test(digits);
  const code = valid ? Number.parseInt(digits, hex ? 16 : 10) : -1;
  if (isXmlChar(code)) return String.fromCodePoint(code);
  report(
    "XML_BAD_CHARACTER_REFERENCE",
    `Character reference "&${body};" does not name a valid character`,
    offset,
    "Use a decimal (&#233;) or hexadecimal (&#xE9;) code of a character allowed in XML",
  );
  return undefined;
}

function isXmlChar(code: number): boolean {
  if (code === 0x9 || code === 0xa || code === 0xd) return true;
  if (code < 0x20 || code > 0x10ffff) return false;
  return !(code >= 0xd800 && code <= 0xdfff) && code !== 0xfffe && code !== 0xffff;
}
