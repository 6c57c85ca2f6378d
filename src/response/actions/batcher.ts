/**
 * Coalesces concurrent requests into one transaction: while a flush runs, new requests
 * queue, and the next flush takes all of them (one `nft -f -` for many addresses). When a
 * batch of several fails, it is retried in halves so only the bad requests fail.
 * Must not: reorder requests (a later unblock of an address stays after its block).
 */
export type Flush<Op> = (ops: readonly Op[]) => Promise<void>;

interface Pending<Op> {
  readonly op: Op;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export interface Batcher<Op> {
  submit(op: Op): Promise<void>;
  /** Submits many at once; they share one transaction unless it fails. */
  submitAll(ops: readonly Op[]): Promise<void>;
}

export function createBatcher<Op>(flush: Flush<Op>, maxBatch = 10_000): Batcher<Op> {
  const queue: Pending<Op>[] = [];
  let running = false;
  const drain = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      try {
        await flush(batch.map((p) => p.op));
        for (const p of batch) p.resolve();
      } catch (error: unknown) {
        if (batch.length === 1) batch[0]?.reject(error);
        else await bisect(batch, flush);
      }
    }
    running = false;
  };
  const submit = (op: Op) => new Promise<void>((resolve, reject) => {
    queue.push({ op, resolve, reject });
    if (!running) {
      running = true;
      queueMicrotask(() => void drain()); // requests submitted in the same tick share the batch
    }
  });
  return {
    submit,
    submitAll: async (ops) => {
      await Promise.all(ops.map(submit));
    },
  };
}

/** Retries a failed batch in halves, down to single requests, so only the bad ones fail. */
async function bisect<Op>(batch: readonly Pending<Op>[], flush: Flush<Op>): Promise<void> {
  const mid = Math.ceil(batch.length / 2);
  for (const half of [batch.slice(0, mid), batch.slice(mid)]) {
    if (half.length === 0) continue;
    try {
      await flush(half.map((p) => p.op));
      for (const p of half) p.resolve();
    } catch (error: unknown) {
      if (half.length === 1) half[0]?.reject(error);
      else await bisect(half, flush);
    }
  }
}
