/**
 * The nftables backend (the default): one table `inet riposte` with per-family sets carrying
 * per-element timeouts (`flags timeout`: a block expires in the kernel even if every Riposte
 * process is dead) and a prefix set for IPv6 networks, and drop rules in the input and
 * forward hooks at priority -200.
 *
 * Why -200 wins over "ct state established accept": in nftables an accept ends only the
 * base chain that says it; the packet still traverses every other base chain of the hook,
 * and a drop anywhere is final. Our chains run before the usual filter chains (priority 0),
 * so a blocked source is dropped before any other table spends work on it, and no accept
 * elsewhere (established, Docker, firewalld) can let it through.
 *
 * Every change is one transaction; concurrent requests are coalesced (batcher.ts). Small
 * transactions go through a persistent `nft -i` (nft_session.ts, well under 1 ms), large ones
 * and any fallback through `nft -f -`.
 * Add is "add; delete; add" in one transaction so an existing element gets the new timeout
 * on every kernel; delete is "add; delete" so deleting an absent element succeeds.
 * Must not: touch any table but its own.
 */
import { ActionError } from "./action_error.ts";
import { createBatcher, type Batcher } from "./batcher.ts";
import { mustSucceed, type CommandRunner } from "./command_runner.ts";
import { NFT_TABLE, familyOf, type BlockEntry, type Firewall, type KernelBlock } from "./firewall.ts";
import { MAX_SESSION_LINE, NftSession } from "./nft_session.ts";

export const NFT_PRIORITY = -200;
/** Elements per nft statement (keeps lines and netlink messages bounded). */
const CHUNK = 2_000;

type Op = { readonly kind: "block"; readonly entry: BlockEntry } | { readonly kind: "unblock"; readonly target: string };

function setOf(target: string): "v4" | "v6" | "v6net" {
  if (target.includes("/")) return "v6net";
  return familyOf(target) === 4 ? "v4" : "v6";
}

/** The idempotent table, sets and chains (rules are flushed and re-added: no duplicates). */
export function nftSetupScript(table = NFT_TABLE, priority = NFT_PRIORITY): string {
  const lines = [
    `add table inet ${table}`,
    `add set inet ${table} v4 { type ipv4_addr; flags timeout; }`,
    `add set inet ${table} v6 { type ipv6_addr; flags timeout; }`,
    `add set inet ${table} v6net { type ipv6_addr; flags interval, timeout; }`,
  ];
  for (const hook of ["input", "forward"]) {
    lines.push(
      `add chain inet ${table} ${hook} { type filter hook ${hook} priority ${priority}; policy accept; }`,
      `flush chain inet ${table} ${hook}`,
      `add rule inet ${table} ${hook} ip saddr @v4 drop`,
      `add rule inet ${table} ${hook} ip6 saddr @v6 drop`,
      `add rule inet ${table} ${hook} ip6 saddr @v6net drop`,
    );
  }
  return lines.join("\n") + "\n";
}

function element(e: BlockEntry): string {
  return e.timeoutSec && e.timeoutSec > 0 ? `${e.target} timeout ${e.timeoutSec}s` : e.target;
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** The transaction for a batch of ops, in order per set. Pure (exported for tests). */
export function nftBatchScript(ops: readonly Op[], table = NFT_TABLE): string {
  const lines: string[] = [];
  const bySet = new Map<string, Op[]>();
  for (const op of ops) {
    const set = setOf(op.kind === "block" ? op.entry.target : op.target);
    const list = bySet.get(set);
    if (list) list.push(op);
    else bySet.set(set, [op]);
  }
  for (const [set, list] of bySet) {
    // Runs of the same kind keep the order of a block followed by an unblock of one address.
    let i = 0;
    while (i < list.length) {
      const kind = list[i]?.kind;
      let j = i;
      while (j < list.length && list[j]?.kind === kind) j++;
      const run = list.slice(i, j);
      for (const part of chunks(run)) lines.push(...statements(table, set, part));
      i = j;
    }
  }
  return lines.join("\n") + "\n";
}

function statements(table: string, set: string, all: readonly Op[]): string[] {
  const last = new Map<string, Op>(); // one element per target: the last request wins
  for (const o of all) last.set(o.kind === "block" ? o.entry.target : o.target, o);
  const ops = [...last.values()];
  const head = (verb: string) => `${verb} element inet ${table} ${set}`;
  const targets = ops.map((o) => (o.kind === "block" ? o.entry.target : o.target));
  if (ops[0]?.kind === "block") {
    const elems = ops.map((o) => (o.kind === "block" ? element(o.entry) : o.target)).join(", ");
    return [`${head("add")} { ${elems} }`, `${head("delete")} { ${targets.join(", ")} }`, `${head("add")} { ${elems} }`];
  }
  const probe = targets.map((t) => `${t} timeout 1s`).join(", ");
  return [`${head("add")} { ${probe} }`, `${head("delete")} { ${targets.join(", ")} }`];
}

export interface NftOptions {
  readonly run: CommandRunner;
  /** Keep a persistent `nft -i` started with this argv prefix ([] on the host, `ip netns exec NS` in tests). */
  readonly session?: readonly string[];
  readonly table?: string;
  readonly priority?: number;
}

export class NftFirewall implements Firewall {
  readonly kind = "nftables" as const;
  readonly kernelTimeouts = true;
  readonly #run: CommandRunner;
  readonly #table: string;
  readonly #priority: number;
  readonly #batcher: Batcher<Op>;
  readonly #session: NftSession | undefined;
  #ready = false;

  constructor(options: NftOptions) {
    this.#run = options.run;
    this.#table = options.table ?? NFT_TABLE;
    this.#priority = options.priority ?? NFT_PRIORITY;
    if (!/^[a-z][a-z0-9_]{0,31}$/.test(this.#table)) throw new ActionError("ACTION_BAD_OPTION", `invalid nft table name ${this.#table}`);
    this.#batcher = createBatcher((ops) => this.#apply(ops));
    this.#session = options.session ? new NftSession(options.session, this.#table) : undefined;
  }

  block(entries: readonly BlockEntry[]): Promise<void> {
    return this.#batcher.submitAll(entries.map((entry) => ({ kind: "block", entry })));
  }

  unblock(targets: readonly string[]): Promise<void> {
    return this.#batcher.submitAll(targets.map((target) => ({ kind: "unblock", target })));
  }

  async #apply(ops: readonly Op[]): Promise<void> {
    const body = nftBatchScript(ops, this.#table);
    const setup = nftSetupScript(this.#table, this.#priority);
    try {
      await this.#transact((this.#ready ? "" : setup) + body);
    } catch (error: unknown) {
      const gone = this.#ready && error instanceof ActionError && /No such file or directory/.test(error.message);
      if (!gone) throw error;
      await this.#transact(setup + body); // our table was removed behind our back
    }
    this.#ready = true;
  }

  async #transact(script: string): Promise<void> {
    if (this.#session && script.length <= MAX_SESSION_LINE) {
      try {
        return await this.#session.apply(script);
      } catch (error: unknown) {
        if (this.#session.alive) throw error; // nft rejected it: a real failure
        // the session could not run (nft missing, killed): a one-shot nft says why, or works
      }
    }
    mustSucceed(await this.#run(["nft", "-f", "-"], { input: script }));
  }

  async list(signal?: AbortSignal): Promise<KernelBlock[]> {
    const r = await this.#run(["nft", "-j", "list", "table", "inet", this.#table], signal ? { signal } : {});
    if (r.code !== 0 && /No such file or directory/.test(r.stderr)) return [];
    mustSucceed(r);
    return parseNftJson(r.stdout);
  }

  close(): void {
    this.#session?.close();
  }

  async teardown(): Promise<void> {
    this.close();
    const r = await this.#run(["nft", "delete", "table", "inet", this.#table]);
    this.#ready = false;
    if (r.code !== 0 && !/No such file or directory/.test(r.stderr)) mustSucceed(r);
  }
}

/** The elements of our sets in `nft -j list table` output. */
export function parseNftJson(text: string): KernelBlock[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new ActionError("ACTION_COMMAND_FAILED", "nft -j printed invalid JSON");
  }
  const items = (doc as { nftables?: unknown[] }).nftables ?? [];
  const out: KernelBlock[] = [];
  for (const item of items) {
    const set = (item as { set?: { name?: string; elem?: unknown[] } }).set;
    if (!set || !["v4", "v6", "v6net"].includes(set.name ?? "")) continue;
    for (const e of set.elem ?? []) {
      const b = kernelBlock(e);
      if (b) out.push(b);
    }
  }
  return out;
}

function kernelBlock(e: unknown): KernelBlock | undefined {
  const wrapped = (e as { elem?: { val?: unknown; expires?: number } }).elem;
  const val = wrapped ? wrapped.val : e;
  const target = typeof val === "string" ? val : prefixText(val);
  if (target === undefined) return undefined;
  return wrapped?.expires !== undefined ? { target, expiresSec: wrapped.expires } : { target };
}

function prefixText(val: unknown): string | undefined {
  const p = (val as { prefix?: { addr?: string; len?: number } } | null)?.prefix;
  return p?.addr !== undefined && p.len !== undefined ? `${p.addr}/${p.len}` : undefined;
}
