/**
 * Password hashing admission: scrypt at N=2^17 takes 128 MiB and ~0.3 s of a core, so at most
 * `concurrency` hashes run at once, for registration, sign-in, password changes and resets together.
 * Others wait in a first-come queue; past `maxQueue` waiting, a request is refused at once (503 with
 * Retry-After) instead of queueing behind a flood for longer than any client waits.
 */
export class HashPoolFull extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('password hashing queue is full');
    this.name = 'HashPoolFull';
  }
}

export class HashPool {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private recentMs = 300;
  /** For tests and the admin page: the most hashes that ever ran at once, and refusals. */
  readonly stats = { peak: 0, refused: 0, done: 0 };

  constructor(
    readonly concurrency = 2,
    readonly maxQueue = 32,
  ) {}

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) {
      this.running++;
    } else {
      if (this.waiting.length >= this.maxQueue) {
        this.stats.refused++;
        throw new HashPoolFull(this.retryAfterSeconds());
      }
      // The finishing task hands its slot over: `running` stays as it is.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.stats.peak = Math.max(this.stats.peak, this.running);
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.recentMs = this.recentMs * 0.8 + (performance.now() - started) * 0.2;
      this.stats.done++;
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** About how long the current queue takes to drain, in whole seconds (at least 1). */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(((this.waiting.length + this.running) * this.recentMs) / this.concurrency / 1000));
  }
}
