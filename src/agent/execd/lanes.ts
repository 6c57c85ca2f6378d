/**
 * Ordering and bounding for execd runs: `serial(lane, fn)` runs functions of one lane
 * strictly in call order (different lanes in parallel); `slot(fn)` bounds how many run at
 * once; `lock(key)` is a FIFO mutex per dedup key. Callers MUST take them in the order
 * lane → slot → key (never a slot while holding a key) so no cycle can form.
 * Must not: know about processes or messages.
 */

type Release = () => void;

export interface Lanes {
  serial<T>(lane: string, fn: () => Promise<T>): Promise<T>;
  slot<T>(fn: () => Promise<T>): Promise<T>;
  lock(key: string): Promise<Release>;
  /** Runs in flight or waiting (for tests and stop()). */
  readonly busy: number;
}

export function createLanes(maxConcurrent: number): Lanes {
  const tails = new Map<string, Promise<unknown>>();
  const keyTails = new Map<string, Promise<void>>();
  const waiting: (() => void)[] = [];
  let running = 0;
  let busy = 0;

  const acquireSlot = (): Promise<void> => {
    if (running < maxConcurrent) {
      running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const releaseSlot = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };

  return {
    get busy() {
      return busy;
    },
    serial<T>(lane: string, fn: () => Promise<T>): Promise<T> {
      busy++;
      const prev = tails.get(lane) ?? Promise.resolve();
      const run = prev.then(fn, fn);
      const tail = run.then(() => undefined, () => undefined).finally(() => {
        busy--;
        if (tails.get(lane) === tail) tails.delete(lane);
      });
      tails.set(lane, tail);
      return run;
    },
    async slot<T>(fn: () => Promise<T>): Promise<T> {
      await acquireSlot();
      try {
        return await fn();
      } finally {
        releaseSlot();
      }
    },
    lock(key: string): Promise<Release> {
      const prev = keyTails.get(key) ?? Promise.resolve();
      let release!: Release;
      const mine = new Promise<void>((resolve) => (release = resolve));
      const tail = prev.then(() => mine);
      keyTails.set(key, tail);
      void tail.then(() => {
        if (keyTails.get(key) === tail) keyTails.delete(key);
      });
      let released = false;
      return prev.then(() => () => {
        if (released) return;
        released = true;
        release();
      });
    },
  };
}
