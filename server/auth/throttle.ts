/**
 * Failed-login throttle: a sliding window of failures per key (IP, username). Over the limit, login is
 * refused with 429 and Retry-After until the oldest failure leaves the window. In memory: a restart
 * forgets, which is acceptable for one small box.
 */
export class FailureThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Milliseconds until another attempt is allowed; 0 when allowed now. */
  retryAfter(key: string, now: number): number {
    const list = this.prune(key, now);
    if (list.length < this.limit) return 0;
    // Allowed again once enough failures have left the window to be under the limit.
    return list[list.length - this.limit]! + this.windowMs - now;
  }

  /** Removes one failure recorded at `at` (a provisional failure that turned out a success). */
  forgive(key: string, at: number): void {
    const list = this.failures.get(key);
    if (!list) return;
    const i = list.lastIndexOf(at);
    if (i >= 0) list.splice(i, 1);
    if (!list.length) this.failures.delete(key);
  }

  fail(key: string, now: number): void {
    const list = this.prune(key, now);
    list.push(now);
    this.failures.set(key, list);
    if (this.failures.size > 100_000) this.sweep(now);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private prune(key: string, now: number): number[] {
    const list = this.failures.get(key) ?? [];
    while (list.length && list[0]! <= now - this.windowMs) list.shift();
    if (!list.length) this.failures.delete(key);
    return list;
  }

  private sweep(now: number): void {
    for (const key of [...this.failures.keys()]) this.prune(key, now);
  }
}
