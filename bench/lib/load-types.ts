/** What the orchestrator (run.ts) and the load generator (rooms.ts) exchange, as JSON files. */
import type { Summary } from './stats';

export type TargetKind = 'ours' | 'relay' | 'peer';

export interface Account {
  sessionId: string;
  /** Candidate's and interviewer's `name=value` session cookies. */
  cookies: [string, string];
}

export interface AccountsFile {
  problemSlug: string;
  rooms: Account[];
}

export interface LoadStep {
  /** Ops per second each client sends. */
  ratePerClient: number;
  warmupMs: number;
  windowMs: number;
}

export interface LoadConfig {
  target: TargetKind;
  host: string;
  port: number;
  serverPid: number;
  /**
   * A process whose CPU, with its children's, is the server's too: PostgreSQL's postmaster for ours on
   * PostgreSQL (its backends do the database work the SQLite server does in-process).
   */
  databasePid?: number;
  accountsFile: string;
  rooms: number;
  /** `load`: the steps in order on one set of connections; `memory`: connect in phases, measure RSS. */
  mode: 'load' | 'memory';
  steps: LoadStep[];
  /** Stop a ramp after the first step whose provisional p99 passes this (ms) or that falls behind. */
  stopP99Ms?: number;
  drainMs: number;
  connectConcurrency: number;
  /** Peer reference: yjs entry file, and where to cache the pre-encoded updates. */
  yjsPath?: string;
  cacheDir: string;
  /** The cores the server and this generator are pinned to, to see who else used them. */
  serverCore?: number;
  /** Diagnostics: write "send time ms, latency ms" of every window op of the first step here. */
  traceFile?: string;
}

export interface StepResult {
  ratePerClient: number;
  /** Offered ops/s: rate x clients. */
  offered: number;
  windowS: number;
  /** Ops sent during the window. */
  sent: number;
  /** Acks received during the window, per second. */
  ackedPerS: number;
  /** Ops sent in the window that reached the peer / were acked, by the end of the drain. */
  delivered: number;
  acked: number;
  lost: number;
  errors: number;
  latency: Summary;
  ackLatency: Summary;
  serverCpuS: number;
  serverUsPerOp: number;
  /** The kernel's share of the server's CPU (stime / (utime + stime)). */
  serverSysFrac: number;
  /** The server's main thread alone (the event loop, with the kernel time of its own syscalls). */
  serverMainUsPerOp: number;
  genCpuFrac: number;
  genSysFrac: number;
  /** Share of the server's core used by other processes during the window, and stolen by the host. */
  serverCoreOtherFrac: number;
  serverCoreStealFrac: number;
  sendLag: Summary;
  genWriteBacklogMax: number;
  /** Monotonic clock (µs) at the window's edges, to cut a CPU profile to the window. */
  monoStartUs: number;
  monoEndUs: number;
  valid: boolean;
  invalid: string[];
}

export interface MemoryResult {
  rooms: number;
  warmRooms: number;
  baseRssKb: number;
  afterWarmRssKb: number;
  oneClientRssKb: number;
  twoClientsRssKb: number;
  perRoomKb: number;
  perClientKb: number;
  perIdleRoomKb: number;
  /** Server CPU (fraction of a core) with every client connected and idle. */
  idleCpuFrac: number;
}

export interface LoadResult {
  target: TargetKind;
  rooms: number;
  clients: number;
  connectMs: number;
  connectErrors: number;
  connectErrorSamples: string[];
  steps: StepResult[];
  stoppedEarly: string | null;
  unexpectedCloses: number;
  errorSamples: string[];
  serverRssKb: number;
  serverHwmKb: number;
  memory?: MemoryResult;
  overflow: number;
}
