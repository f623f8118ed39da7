// A counting semaphore with a bounded FIFO queue and a bounded wait: the push slots of one
// process. Waiters are served in arrival order, so no device can jump ahead of another.

export type Release = () => void;

export class Slots {
  readonly #max: number;
  readonly #maxQueued: number;
  #inUse = 0;
  readonly #queue: { grant: (release: Release | undefined) => void; timer: NodeJS.Timeout }[] = [];

  constructor(max: number, maxQueued: number) {
    if (!(max >= 1)) throw new Error('maxConcurrentPushes must be at least 1');
    this.#max = max;
    this.#maxQueued = maxQueued;
  }

  get inUse(): number {
    return this.#inUse;
  }

  get queued(): number {
    return this.#queue.length;
  }

  /** A slot, waiting at most waitMs behind earlier waiters; undefined when none came in time. */
  acquire(waitMs: number): Promise<Release | undefined> {
    if (this.#inUse < this.#max && this.#queue.length === 0) {
      this.#inUse += 1;
      return Promise.resolve(this.#releaser());
    }
    if (this.#queue.length >= this.#maxQueued || waitMs <= 0) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const entry = {
        grant: resolve,
        timer: setTimeout(() => {
          const at = this.#queue.indexOf(entry);
          if (at >= 0) this.#queue.splice(at, 1);
          resolve(undefined);
        }, waitMs),
      };
      this.#queue.push(entry);
    });
  }

  #releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#queue.shift();
      if (next === undefined) {
        this.#inUse -= 1;
        return;
      }
      // The slot passes straight to the oldest waiter (inUse stays the same).
      clearTimeout(next.timer);
      next.grant(this.#releaser());
    };
  }
}
