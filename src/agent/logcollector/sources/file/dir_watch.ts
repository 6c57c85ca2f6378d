/**
 * The fs.watch half of the file source's "watch + poll": one watch on the deepest directory
 * of the location that has no wildcard (inotify reports appends, creations and renames of the
 * files in it). A watch that cannot be set up (directory missing) or that failed is retried
 * on the next `ensure()`, which the source calls every loop; the poll covers the meantime.
 * Must not: read files or decide anything (it only wakes the source).
 */
import { watch, type FSWatcher } from "node:fs";
import { dirname, join, sep } from "node:path";

/** Characters that make a location a glob. */
export const WILDCARD = /[*?[]/;

export class DirWatch {
  readonly #dir: string;
  readonly #wake: (path: string | undefined) => void;
  #watcher: FSWatcher | undefined;

  /** `wake` gets the path an event names, or undefined when the event names none (or failed). */
  constructor(pattern: string, wake: (path: string | undefined) => void) {
    const parts = dirname(pattern).split(sep);
    const i = parts.findIndex((p) => WILDCARD.test(p));
    this.#dir = (i < 0 ? parts : parts.slice(0, i)).join(sep) || sep;
    this.#wake = wake;
  }

  ensure(): void {
    if (this.#watcher) return;
    try {
      const w = watch(this.#dir, { persistent: true }, (_event, name) => this.#wake(name ? join(this.#dir, name.toString()) : undefined));
      w.on("error", () => {
        w.close();
        if (this.#watcher === w) this.#watcher = undefined;
        this.#wake(undefined);
      });
      this.#watcher = w;
    } catch {
      // The directory does not exist (yet): the poll keeps looking, and the next ensure() retries.
    }
  }

  close(): void {
    this.#watcher?.close();
    this.#watcher = undefined;
  }
}
