/**
 * Password hashing admission: scrypt at N=2^17 takes 128 MiB and ~0.3 s of a core, so at most
 * `concurrency` hashes run at once, for registration, sign-in, password changes and resets together.
 * Others wait in two first-come queues: sign-ins (and password changes and resets) go before
 * sign-ups, so a flood of registrations cannot make the people who already have accounts wait behind
 * it. Past a queue's bound a request is refused at once (503 with Retry-After) instead of waiting
 * longer than any client would.
 */
export class HashPoolFull extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('password hashing queue is full');
    this.name = 'HashPoolFull';
  }
}

/** `signin`: someone with an account (sign-in, password change, reset). `signup`: a registration. */
export type HashLane = 'signin' | 'signup';

export class HashPool {
  private running = 0;
  private readonly waiting: Record<HashLane, (() => void)[]> = { signin: [], signup: [] };
  private recentMs = 300;
  /** For tests and operators: the most hashes that ever ran at once, refusals, hashes done. */
  readonly stats = { peak: 0, refused: 0, done: 0 };

  constructor(
    readonly concurrency = 2,
    /** How many may wait, per lane. */
    readonly maxQueue = 32,
  ) {}

  /** Requests waiting, in one lane or both. */
  queued(lane?: HashLane): number {
    return lane ? this.waiting[lane].length : this.waiting.signin.length + this.waiting.signup.length;
  }

  async run<T>(work: () => Promise<T>, lane: HashLane = 'signin'): Promise<T> {
    if (this.running < this.concurrency) {
      this.running++;
    } else {
      const queue = this.waiting[lane];
      if (queue.length >= this.maxQueue) {
        this.stats.refused++;
        throw new HashPoolFull(this.retryAfterSeconds(lane));
      }
      // The finishing task hands its slot over: `running` stays as it is.
      await new Promise<void>((resolve) => queue.push(resolve));
    }
    this.stats.peak = Math.max(this.stats.peak, this.running);
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.recentMs = this.recentMs * 0.8 + (performance.now() - started) * 0.2;
      this.stats.done++;
      const next = this.waiting.signin.shift() ?? this.waiting.signup.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** About how long a new request in this lane would wait, in whole seconds (at least 1). */
  retryAfterSeconds(lane: HashLane = 'signin'): number {
    const ahead = this.running + this.waiting.signin.length + (lane === 'signup' ? this.waiting.signup.length : 0);
    return Math.max(1, Math.ceil((ahead * this.recentMs) / this.concurrency / 1000));
  }
}
