/**
 * The iptables/ip6tables backend: an own chain RIPOSTE holding `-s ADDR -j DROP` rules,
 * jumped to from INPUT and FORWARD at position 1 (so it runs before any "established,
 * accept"). Every call passes `-w` (wait for the xtables lock), checks with `-C` before
 * inserting, so no rule is ever duplicated, and deletes until `-C` says none is left.
 * Batches go through `iptables-restore --noflush` (one transaction per family).
 * No kernel-side expiry: the execd's durable timeouts and reconcile() lift the blocks.
 * Must not: flush or reorder chains it does not own.
 */
import { ActionError } from "./action_error.ts";
import { createBatcher, type Batcher } from "./batcher.ts";
import { mustSucceed, type CommandRunner } from "./command_runner.ts";
import { IPTABLES_CHAIN, familyOf, type BlockEntry, type Firewall, type KernelBlock } from "./firewall.ts";

type Op = { readonly kind: "block" | "unblock"; readonly target: string };
const HOOKS = ["INPUT", "FORWARD"] as const;

function tool(family: 4 | 6): string {
  return family === 4 ? "iptables" : "ip6tables";
}

/** `1.2.3.4` → `1.2.3.4/32` as iptables prints it. */
function cidr(target: string): string {
  return target.includes("/") ? target : `${target}/${familyOf(target) === 4 ? 32 : 128}`;
}

export interface IptablesOptions {
  readonly run: CommandRunner;
  readonly chain?: string;
}

export class IptablesFirewall implements Firewall {
  readonly kind = "iptables" as const;
  readonly kernelTimeouts = false;
  readonly #run: CommandRunner;
  readonly #chain: string;
  readonly #ready = new Set<4 | 6>();
  readonly #batcher: Batcher<Op>;

  constructor(options: IptablesOptions) {
    this.#run = options.run;
    this.#chain = options.chain ?? IPTABLES_CHAIN;
    if (!/^[A-Z][A-Z0-9_-]{0,27}$/.test(this.#chain)) throw new ActionError("ACTION_BAD_OPTION", `invalid iptables chain name ${this.#chain}`);
    this.#batcher = createBatcher((ops) => this.#apply(ops));
  }

  block(entries: readonly BlockEntry[]): Promise<void> {
    return this.#batcher.submitAll(entries.map((e) => ({ kind: "block", target: e.target })));
  }

  unblock(targets: readonly string[]): Promise<void> {
    return this.#batcher.submitAll(targets.map((target) => ({ kind: "unblock", target })));
  }

  /** The chain and its jumps from INPUT and FORWARD at position 1, each checked before insert. */
  async #ensure(family: 4 | 6): Promise<void> {
    if (this.#ready.has(family)) return;
    const t = tool(family);
    const made = await this.#run([t, "-w", "-N", this.#chain]);
    if (made.code !== 0 && !/exists/i.test(made.stderr)) mustSucceed(made);
    for (const hook of HOOKS) {
      const has = await this.#run([t, "-w", "-C", hook, "-j", this.#chain]);
      if (has.code !== 0) mustSucceed(await this.#run([t, "-w", "-I", hook, "1", "-j", this.#chain]));
    }
    this.#ready.add(family);
  }

  /** Our rules of one family, from `iptables-save -t filter` (empty when the table does not exist yet). */
  async #present(family: 4 | 6): Promise<Set<string>> {
    const r = mustSucceed(await this.#run([`${tool(family)}-save`, "-t", "filter"]));
    return new Set(parseIptablesRules(r.stdout, this.#chain));
  }

  async #apply(ops: readonly Op[]): Promise<void> {
    for (const family of [4, 6] as const) {
      const mine = ops.filter((o) => familyOf(o.target) === family);
      if (mine.length === 0) continue;
      await this.#ensure(family);
      const present = await this.#present(family);
      const lines: string[] = [];
      for (const o of mine) {
        const c = cidr(o.target);
        if (o.kind === "block" && !present.has(c)) {
          lines.push(`-A ${this.#chain} -s ${c} -j DROP`);
          present.add(c);
        } else if (o.kind === "unblock" && present.has(c)) {
          lines.push(`-D ${this.#chain} -s ${c} -j DROP`);
          present.delete(c);
        }
      }
      if (lines.length === 0) continue;
      const input = `*filter\n${lines.join("\n")}\nCOMMIT\n`;
      mustSucceed(await this.#run([`${tool(family)}-restore`, "-w", "--noflush"], { input }));
    }
  }

  async list(): Promise<KernelBlock[]> {
    const out: KernelBlock[] = [];
    for (const family of [4, 6] as const) {
      for (const c of await this.#present(family)) {
        out.push({ target: c.endsWith("/32") || c.endsWith("/128") ? c.slice(0, c.lastIndexOf("/")) : c });
      }
    }
    return out;
  }

  close(): void {
    // nothing held between calls
  }

  async teardown(): Promise<void> {
    for (const family of [4, 6] as const) {
      const t = tool(family);
      for (const hook of HOOKS) {
        while ((await this.#run([t, "-w", "-C", hook, "-j", this.#chain])).code === 0) {
          mustSucceed(await this.#run([t, "-w", "-D", hook, "-j", this.#chain]));
        }
      }
      await this.#run([t, "-w", "-F", this.#chain]);
      await this.#run([t, "-w", "-X", this.#chain]);
      this.#ready.delete(family);
    }
  }
}

/** The source CIDRs of `-A CHAIN -s X -j DROP` lines of `iptables-save` / `iptables -S`. */
export function parseIptablesRules(text: string, chain: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`^-A ${chain} -s (\\S+) -j DROP$`);
  for (const line of text.split("\n")) {
    const m = re.exec(line.trim());
    if (m?.[1]) out.push(m[1]);
  }
  return out;
}
