/**
 * `<if_group>` placement test. Wazuh compat (semantics §1.4, §4): a case-insensitive
 * substring test of the rule's group string, with `|` alternatives and a leading `^` allowed
 * (not a whole-word match).
 */

export function compileGroupMatch(pattern: string): (groupString: string) => boolean {
  const alternatives = pattern.toLowerCase().split("|").map((alt) => ({ anchored: alt.startsWith("^"), text: alt.startsWith("^") ? alt.slice(1) : alt }));
  return (groupString) => {
    const g = groupString.toLowerCase();
    return alternatives.some((a) => (a.anchored ? g.startsWith(a.text) : g.includes(a.text)));
  };
}
