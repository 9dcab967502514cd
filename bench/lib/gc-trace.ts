/**
 * Garbage per op from the server's own `--trace-gc` lines: between two collections the heap grows by
 * what the program allocated, so the sum of (size before this GC − size after the previous one) over a
 * window is what was allocated in it. Lines look like
 * `[pid:0x…]   1234 ms: Scavenge 20.1 (30.2) -> 10.3 (31.2) MB, 1.2 / 0.0 ms  …`.
 */
import { readFileSync } from 'node:fs';
import { clkTck } from './proc';

export interface GcEvent {
  /** Milliseconds since the isolate started. */
  ms: number;
  kind: string;
  beforeMb: number;
  afterMb: number;
}

const LINE = /\]\s+(\d+) ms: ([A-Za-z-]+(?: \([a-z ]+\))?)[^\d]*?([\d.]+) \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB/;

export function parseGcTrace(output: string): GcEvent[] {
  const out: GcEvent[] = [];
  for (const line of output.split('\n')) {
    const m = LINE.exec(line);
    if (m) out.push({ ms: Number(m[1]), kind: m[2]!, beforeMb: Number(m[3]), afterMb: Number(m[4]) });
  }
  return out;
}

/** Bytes allocated between two isolate times, from consecutive collections inside the window. */
export function allocatedBetween(events: GcEvent[], fromMs: number, toMs: number): { bytes: number; collections: number } {
  let bytes = 0;
  let collections = 0;
  for (let i = 1; i < events.length; i++) {
    const e = events[i]!;
    if (e.ms < fromMs || e.ms > toMs) continue;
    bytes += Math.max(0, e.beforeMb - events[i - 1]!.afterMb) * 2 ** 20;
    collections++;
  }
  return { bytes, collections };
}

/** When a process started, in µs of the monotonic clock (CLOCK_MONOTONIC ≈ time since boot here). */
export function processStartMonoUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Field 22 of stat(5), starttime in clock ticks since boot; fields[0] here is field 3.
  return (Number(fields[19]) / clkTck()) * 1e6;
}
