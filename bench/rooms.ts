/**
 * Room load generator, run as its own process (pinned to its own core by run.ts):
 *   node --import tsx bench/rooms.ts CONFIG.json RESULT.json
 *
 * R rooms x 2 clients, each client with its own account and session cookie (ours), connects, says
 * hello, adds one shape, then sends `update` ops moving it at M ops/s (about 215-byte frames; the
 * peer receives a ~290-byte `event`). Every op carries a marker `~op:IDX~` in its text; this process
 * owns both ends, so it keeps the performance.now() of each send by IDX and times the peer's
 * `event` (sender-to-peer latency) and the sender's `ack`. Sends follow a fixed schedule (each client
 * at its own phase); when this process falls behind it shows as send lag, and a run whose generator
 * lags (its own CPU over half its core, or p99 send lag over 20 ms) is marked invalid.
 *
 * The same load runs against the bare relay (bench/relay.ts: the same JSON frames) and the y-websocket
 * server (pre-encoded Yjs updates with the same marker); the server's CPU comes from /proc/PID/stat
 * over the window, its memory from /proc/PID/status.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { coreTimes, cpuTimes, memStatus, processTree, sleep } from './lib/proc';
import type { Account, AccountsFile, LoadConfig, LoadResult, LoadStep, MemoryResult } from './lib/load-types';
import { Samples, summarize } from './lib/stats';
import { LeanSocket, OP_BINARY, OP_TEXT } from './lib/ws-client';
import { peerUpdates } from './lib/yjs-updates';

const MARK = Buffer.from('~op:');
const OPID = Buffer.from('"opId":"');
const CH_0 = 48;
const CH_9 = 57;

function readIndex(buf: Buffer, from: number): number {
  let n = 0;
  let i = from;
  for (; i < buf.length; i++) {
    const ch = buf[i]!;
    if (ch < CH_0 || ch > CH_9) break;
    n = n * 10 + (ch - CH_0);
  }
  return i === from ? -1 : n;
}

/** The op index carried by a frame, or -1. */
function markerIndex(buf: Buffer): number {
  const at = buf.indexOf(MARK);
  return at < 0 ? -1 : readIndex(buf, at + MARK.length);
}

const monoUs = () => Number(process.hrtime.bigint() / 1000n);

type ClientState = 'connecting' | 'hello' | 'setup' | 'load' | 'closing';

interface Client {
  c: number;
  account: Account;
  side: 0 | 1;
  ws: LeanSocket | null;
  state: ClientState;
  /** Resolves the current setup wait (welcome, or the ack of the added shape). */
  wake: ((ok: boolean, why?: string) => void) | null;
  sent: number;
  /** Relay acks carry nothing: they come in send order. */
  relayAcks: number;
}

interface StepLive {
  lat: Samples;
  ackLat: Samples;
  lag: Samples;
  sent: number;
  errors: number;
  acksAtStart: number;
  acksAtEnd: number;
  serverCpu0: { user: number; sys: number };
  serverCpu1: { user: number; sys: number };
  serverMain0: { user: number; sys: number };
  serverMain1: { user: number; sys: number };
  core0: { busy: number; steal: number };
  core1: { busy: number; steal: number };
  gen0: NodeJS.CpuUsage;
  genUs: number;
  genSysUs: number;
  t0: number;
  t1: number;
  mono0: number;
  mono1: number;
  backlogMax: number;
}

async function main(): Promise<void> {
  const [configFile, resultFile] = process.argv.slice(2);
  if (!configFile || !resultFile) throw new Error('usage: rooms.ts CONFIG.json RESULT.json');
  const cfg = JSON.parse(readFileSync(configFile, 'utf8')) as LoadConfig;
  const accounts = (JSON.parse(readFileSync(cfg.accountsFile, 'utf8')) as AccountsFile).rooms.slice(0, cfg.rooms);
  if (accounts.length < cfg.rooms) throw new Error(`only ${accounts.length} accounts prepared, ${cfg.rooms} rooms asked`);
  const nClients = cfg.rooms * 2;
  const isOurs = cfg.target === 'ours';
  const isPeer = cfg.target === 'peer';

  // Ops per client over the whole run, with slack for timer jitter at step edges.
  // The steps as they run: a ramp repeats a failing step once before it gives up (noisy neighbours).
  const plan = [...cfg.steps];
  const opsOf = (st: LoadStep) => (st.ratePerClient * (st.warmupMs + st.windowMs)) / 1000;
  const retryBudget = cfg.stopP99Ms !== undefined ? Math.max(0, ...plan.map(opsOf)) : 0;
  const K = Math.ceil((plan.reduce((s, st) => s + opsOf(st), 0) + retryBudget) * 1.05) + 30;
  const sentAt = new Float64Array(nClients * K);
  const stepOf = new Int8Array(nClients * K).fill(-1);
  const gotAck = new Uint8Array(nClients * K);
  const gotPeer = new Uint8Array(nClients * K);
  const peerAt = cfg.traceFile ? new Float64Array(nClients * K) : null;
  const peerFrames = isPeer && cfg.mode === 'load' ? await peerUpdates(cfg.yjsPath!, cfg.cacheDir, nClients, K) : null;

  const result: LoadResult = {
    target: cfg.target,
    rooms: cfg.rooms,
    clients: nClients,
    connectMs: 0,
    connectErrors: 0,
    connectErrorSamples: [],
    steps: [],
    stoppedEarly: null,
    unexpectedCloses: 0,
    errorSamples: [],
    serverRssKb: 0,
    serverHwmKb: 0,
    overflow: 0,
  };
  const noteError = (s: string) => {
    if (result.errorSamples.length < 8 && !result.errorSamples.includes(s)) result.errorSamples.push(s);
  };

  let acksTotal = 0;
  let live: StepLive | null = null;
  const steps: StepLive[] = [];

  const clients: Client[] = [];
  for (let c = 0; c < nClients; c++) {
    clients.push({ c, account: accounts[c >> 1]!, side: (c & 1) as 0 | 1, ws: null, state: 'connecting', wake: null, sent: 0, relayAcks: 0 });
  }

  const onAck = (idx: number, now: number) => {
    if (idx < 0 || idx >= gotAck.length || gotAck[idx]) return;
    gotAck[idx] = 1;
    acksTotal++;
    const s = stepOf[idx]!;
    if (s >= 0) steps[s]!.ackLat.push(now - sentAt[idx]!);
  };
  const onPeer = (idx: number, now: number) => {
    if (idx < 0 || idx >= gotPeer.length || gotPeer[idx]) return;
    gotPeer[idx] = 1;
    if (peerAt) peerAt[idx] = now;
    const s = stepOf[idx]!;
    if (s >= 0) steps[s]!.lat.push(now - sentAt[idx]!);
  };
  /** Resolves whoever waits on this client (a handshake step), once. */
  const wakeUp = (cl: Client, ok: boolean, why?: string) => {
    const w = cl.wake;
    cl.wake = null;
    w?.(ok, why);
  };

  const onError = (cl: Client, payload: Buffer) => {
    if (live) live.errors++;
    let text = payload.toString();
    try {
      const m = JSON.parse(text) as { code?: string; message?: string };
      text = `${m.code}: ${m.message}`;
    } catch {
      /* keep the raw text */
    }
    noteError(text.slice(0, 200));
    wakeUp(cl, false, text);
  };

  const onMessage = (cl: Client, opcode: number, payload: Buffer, now: number) => {
    if (isPeer) {
      if (opcode !== OP_BINARY) return;
      const idx = markerIndex(payload);
      if (idx < 0) return; // sync step 1, awareness
      if (Math.floor(idx / K) === cl.c) onAck(idx, now);
      else onPeer(idx, now);
      return;
    }
    if (opcode !== OP_TEXT) return;
    if (isOurs) {
      // Frames are built with "type" first: {"type":"ack"..., {"type":"event"..., {"type":"error"...
      const t = payload[9];
      if (t === 0x61 /* a */) {
        if (cl.state !== 'load') {
          wakeUp(cl, true);
          return;
        }
        const at = payload.indexOf(OPID);
        if (at >= 0 && payload[at + OPID.length] === 0x6f /* o */) onAck(readIndex(payload, at + OPID.length + 1), now);
      } else if (t === 0x65 /* e */) {
        if (payload[10] === 0x76 /* v */) onPeer(markerIndex(payload), now);
        else onError(cl, payload);
      } else if (t === 0x77 /* w */) {
        if (cl.state === 'hello') wakeUp(cl, true);
      }
      return;
    }
    // Relay: acks are a constant in send order; anything else is the peer's frame as sent.
    if (payload.length === 14 && payload[9] === 0x61) {
      if (cl.state !== 'load') {
        wakeUp(cl, true);
        return;
      }
      onAck(cl.c * K + cl.relayAcks++, now);
    } else {
      onPeer(markerIndex(payload), now);
    }
  };

  const wait = (cl: Client, ms: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        cl.wake = null;
        reject(new Error(`client ${cl.c}: no answer in ${ms} ms (state ${cl.state})`));
      }, ms);
      cl.wake = (ok, why) => {
        clearTimeout(timer);
        if (ok) resolve();
        else reject(new Error(`client ${cl.c}: ${why}`));
      };
    });

  const addFrame = (c: number) =>
    `{"type":"board","opId":"add","op":{"kind":"add","shape":{"id":"s${c}","type":"component","component":"load-balancer","x":100,"y":80,"w":180,"h":96,"text":"Load balancer","style":{"stroke":"#1f2937","fill":"#e0f2fe"}}}}`;

  const connect = async (cl: Client, setup: boolean) => {
    const path = isPeer ? `/${cl.account.sessionId}` : `/ws?session=${encodeURIComponent(cl.account.sessionId)}`;
    const headers: Record<string, string> = isOurs ? { Cookie: cl.account.cookies[cl.side], Origin: `http://${cfg.host}:${cfg.port}` } : {};
    const ws = await LeanSocket.connect({ host: cfg.host, port: cfg.port, path, headers });
    cl.ws = ws;
    ws.onMessage = (op, p, now) => onMessage(cl, op, p, now);
    ws.onClose = (code) => {
      if (cl.state !== 'closing') {
        result.unexpectedCloses++;
        noteError(`client ${cl.c} closed with ${code} in state ${cl.state}`);
        wakeUp(cl, false, `closed ${code}`);
      }
    };
    if (isOurs) {
      cl.state = 'hello';
      const welcomed = wait(cl, 20_000);
      ws.sendText('{"type":"hello","protocol":1,"lastSeq":0}');
      await welcomed;
    }
    if (setup && !isPeer) {
      cl.state = 'setup';
      const acked = wait(cl, 20_000);
      ws.sendText(addFrame(cl.c));
      await acked;
    }
    cl.state = setup ? 'load' : 'setup';
  };

  /** Connects the clients with bounded concurrency; failures are counted, not thrown. */
  const connectAll = async (list: Client[], setup: boolean) => {
    let next = 0;
    const worker = async () => {
      while (next < list.length) {
        const cl = list[next++]!;
        try {
          await connect(cl, setup);
        } catch (err) {
          result.connectErrors++;
          const msg = String((err as Error).message ?? err).slice(0, 200);
          if (result.connectErrorSamples.length < 5) result.connectErrorSamples.push(msg);
          cl.ws?.destroy();
          cl.ws = null;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(cfg.connectConcurrency, list.length) }, worker));
  };

  const closeAll = async () => {
    for (const cl of clients) {
      cl.state = 'closing';
      cl.ws?.close();
    }
    await sleep(300);
    for (const cl of clients) cl.ws?.destroy();
  };

  if (cfg.mode === 'memory') {
    result.memory = await memoryRun(cfg, clients, connectAll);
    const m = memStatus(cfg.serverPid);
    result.serverRssKb = m.rssKb;
    result.serverHwmKb = m.hwmKb;
    await closeAll();
    writeFileSync(resultFile, JSON.stringify(result));
    return;
  }

  const tc = performance.now();
  await connectAll(clients, true);
  result.connectMs = performance.now() - tc;
  const ready = clients.filter((cl) => cl.ws && cl.state === 'load');
  if (ready.length === 0) {
    writeFileSync(resultFile, JSON.stringify(result));
    await closeAll();
    return;
  }

  // Each client sends at its own phase of the interval; sorted by phase, the due times of the next
  // sends are in the order of this list, round after round.
  const order = ready.map((cl) => ({ cl, phase: Math.random() })).sort((a, b) => a.phase - b.phase);

  const frameFor = (cl: Client, k: number, idx: number): string =>
    `{"type":"board","opId":"o${idx}","op":{"kind":"update","id":"s${cl.c}","patch":{"x":${100 + (k % 400) + 0.5},"y":${80 + ((k * 7) % 300) + 0.25},"w":180,"h":96,"text":"Load balancer ~op:${idx}~","style":{"stroke":"#1f2937","fill":"#e0f2fe"}}}}`;

  const retried = new Set<LoadStep>();
  let stepIdx = 0;
  let base = 0;
  let interval = 0;
  let round = 0;
  let j = 0;
  let winStart = 0;
  let winEnd = 0;
  let windowOpen = false;
  let sending = true;

  const beginStep = (now: number) => {
    const st = plan[stepIdx]!;
    interval = 1000 / st.ratePerClient;
    base = now + 5;
    round = 0;
    j = 0;
    winStart = now + st.warmupMs;
    winEnd = winStart + st.windowMs;
    windowOpen = false;
  };

  const send = (cl: Client, due: number) => {
    const k = cl.sent;
    if (k >= K) {
      result.overflow++;
      return;
    }
    const idx = cl.c * K + k;
    cl.sent++;
    const ws = cl.ws!;
    if (ws.closed) return;
    const now = performance.now();
    sentAt[idx] = now;
    if (windowOpen) {
      stepOf[idx] = stepIdx;
      live!.sent++;
      live!.lag.push(now - due);
    }
    if (peerFrames) ws.sendBinary(peerFrames[idx]!);
    else ws.sendText(frameFor(cl, k, idx));
    if (windowOpen && ws.writeBacklog > live!.backlogMax) live!.backlogMax = ws.writeBacklog;
  };

  /** Provisional p99 at the window's end: ops still in flight count with their age so far. */
  const provisionalP99 = (s: StepLive, now: number): number => {
    const vals: number[] = [];
    const si = steps.indexOf(s);
    for (const cl of ready) {
      for (let k = 0; k < cl.sent; k++) {
        const idx = cl.c * K + k;
        if (stepOf[idx] === si && !gotPeer[idx]) vals.push(now - sentAt[idx]!);
      }
    }
    const got = s.lat.summary();
    if (!vals.length) return got.p99;
    // Combine: the delivered ones' distribution is summarised; the undelivered are all old.
    const total = got.n + vals.length;
    if (vals.length >= total * 0.01) return Math.max(got.p99, summarize(vals).p50);
    return got.p99;
  };

  await new Promise<void>((finish) => {
    beginStep(performance.now());
    // The server's CPU, with its database's processes when they are separate (PostgreSQL).
    const serverCpu = () => {
      const t = cpuTimes(cfg.serverPid);
      for (const pid of cfg.databasePid ? processTree(cfg.databasePid) : []) {
        try {
          const x = cpuTimes(pid);
          t.user += x.user;
          t.sys += x.sys;
        } catch {
          /* a backend that exited */
        }
      }
      return t;
    };
    const tick = () => {
      const now = performance.now();
      if (sending && !windowOpen && now >= winStart && now < winEnd) {
        windowOpen = true;
        live = {
          lat: new Samples(),
          ackLat: new Samples(),
          lag: new Samples(),
          sent: 0,
          errors: 0,
          acksAtStart: acksTotal,
          acksAtEnd: 0,
          serverCpu0: serverCpu(),
          serverCpu1: { user: 0, sys: 0 },
          serverMain0: cpuTimes(cfg.serverPid, undefined, cfg.serverPid),
          serverMain1: { user: 0, sys: 0 },
          core0: cfg.serverCore !== undefined ? coreTimes(cfg.serverCore) : { busy: NaN, steal: NaN },
          core1: { busy: NaN, steal: NaN },
          gen0: process.cpuUsage(),
          genUs: 0,
          genSysUs: 0,
          t0: now,
          t1: 0,
          mono0: monoUs(),
          mono1: 0,
          backlogMax: 0,
        };
        steps[stepIdx] = live;
      }
      if (sending && windowOpen && now >= winEnd) {
        const s = live!;
        s.t1 = now;
        s.mono1 = monoUs();
        s.serverCpu1 = serverCpu();
        s.serverMain1 = cpuTimes(cfg.serverPid, undefined, cfg.serverPid);
        if (cfg.serverCore !== undefined) s.core1 = coreTimes(cfg.serverCore);
        const g = process.cpuUsage(s.gen0);
        s.genUs = g.user + g.system;
        s.genSysUs = g.system;
        s.acksAtEnd = acksTotal;
        windowOpen = false;
        live = null;
        const st = plan[stepIdx]!;
        const winS = (s.t1 - s.t0) / 1000;
        const ackedPerS = (s.acksAtEnd - s.acksAtStart) / winS;
        const offered = st.ratePerClient * ready.length;
        let stop: string | null = null;
        if (cfg.stopP99Ms !== undefined) {
          const p99 = provisionalP99(s, now);
          if (p99 > cfg.stopP99Ms) stop = `p99 ${p99.toFixed(1)} ms over ${cfg.stopP99Ms} ms at ${offered} ops/s`;
          else if (ackedPerS < offered * 0.9) stop = `acked ${Math.round(ackedPerS)} of ${offered} ops/s offered`;
          else if (s.genUs / (s.t1 - s.t0) / 1000 > 0.9) stop = 'the load generator is out of CPU';
        }
        if (stop && !retried.has(st)) {
          // Once more at the same rate before concluding: one burst from a neighbour is not saturation.
          retried.add(st);
          plan.splice(stepIdx + 1, 0, st);
          stop = null;
        }
        if (stop) result.stoppedEarly = stop;
        if (stop || stepIdx + 1 >= plan.length) {
          sending = false;
          finish();
          return;
        }
        stepIdx++;
        beginStep(now);
      }
      if (sending) {
        const n = order.length;
        for (;;) {
          const due = base + (round + order[j]!.phase) * interval;
          if (due > now) break;
          send(order[j]!.cl, due);
          if (++j === n) {
            j = 0;
            round++;
          }
        }
      }
      setTimeout(tick, 1);
    };
    tick();
  });

  // Drain: wait for what the windows sent, up to drainMs.
  const td = performance.now();
  const outstanding = () => {
    let n = 0;
    for (const cl of ready) {
      for (let k = 0; k < cl.sent; k++) {
        const idx = cl.c * K + k;
        if (stepOf[idx]! >= 0 && (!gotPeer[idx] || !gotAck[idx])) n++;
      }
    }
    return n;
  };
  while (performance.now() - td < cfg.drainMs && outstanding() > 0) await sleep(25);

  const mem = memStatus(cfg.serverPid);
  result.serverRssKb = mem.rssKb;
  result.serverHwmKb = mem.hwmKb;

  steps.forEach((s, i) => {
    const st = plan[i]!;
    let delivered = 0;
    let acked = 0;
    for (const cl of ready) {
      for (let k = 0; k < cl.sent; k++) {
        const idx = cl.c * K + k;
        if (stepOf[idx] !== i) continue;
        delivered += gotPeer[idx]!;
        acked += gotAck[idx]!;
      }
    }
    const windowS = (s.t1 - s.t0) / 1000;
    const acksInWindow = s.acksAtEnd - s.acksAtStart;
    const serverSysS = s.serverCpu1.sys - s.serverCpu0.sys;
    const serverCpuS = s.serverCpu1.user - s.serverCpu0.user + serverSysS;
    const genCpuFrac = s.genUs / 1000 / (s.t1 - s.t0);
    const sendLag = s.lag.summary();
    const serverCoreOtherFrac = Math.max(0, (s.core1.busy - s.core0.busy - serverCpuS) / windowS);
    const serverCoreStealFrac = (s.core1.steal - s.core0.steal) / windowS;
    const invalid: string[] = [];
    if (serverCoreOtherFrac > 0.15) invalid.push(`other processes used ${(serverCoreOtherFrac * 100).toFixed(0)}% of the server's core`);
    if (genCpuFrac > 0.5) invalid.push(`generator CPU ${(genCpuFrac * 100).toFixed(0)}% of its core`);
    if (sendLag.p99 > 20) invalid.push(`send lag p99 ${sendLag.p99.toFixed(1)} ms`);
    if (result.connectErrors > 0) invalid.push(`${result.connectErrors} clients failed to connect`);
    result.steps.push({
      ratePerClient: st.ratePerClient,
      offered: st.ratePerClient * ready.length,
      windowS,
      sent: s.sent,
      ackedPerS: acksInWindow / windowS,
      delivered,
      acked,
      lost: s.sent - Math.min(delivered, acked),
      errors: s.errors,
      latency: s.lat.summary(),
      ackLatency: s.ackLat.summary(),
      serverCpuS,
      serverUsPerOp: acksInWindow > 0 ? (serverCpuS * 1e6) / acksInWindow : NaN,
      serverSysFrac: serverCpuS > 0 ? serverSysS / serverCpuS : NaN,
      serverMainUsPerOp:
        acksInWindow > 0 ? ((s.serverMain1.user + s.serverMain1.sys - s.serverMain0.user - s.serverMain0.sys) * 1e6) / acksInWindow : NaN,
      genCpuFrac,
      genSysFrac: s.genUs > 0 ? s.genSysUs / s.genUs : NaN,
      serverCoreOtherFrac,
      serverCoreStealFrac,
      sendLag,
      genWriteBacklogMax: s.backlogMax,
      monoStartUs: s.mono0,
      monoEndUs: s.mono1,
      valid: invalid.length === 0,
      invalid,
    });
  });
  if (cfg.traceFile && steps[0] && peerAt) {
    const lines: string[] = [];
    for (const cl of ready) {
      for (let k = 0; k < cl.sent; k++) {
        const idx = cl.c * K + k;
        if (stepOf[idx] === 0 && gotPeer[idx]) lines.push(`${(sentAt[idx]! - steps[0].t0).toFixed(3)},${(peerAt[idx]! - sentAt[idx]!).toFixed(3)}`);
      }
    }
    writeFileSync(cfg.traceFile, lines.join('\n'));
  }
  await closeAll();
  writeFileSync(resultFile, JSON.stringify(result));
}

/**
 * RSS per idle room and per connected client: a few warm-up rooms first (so code paths and caches
 * warm up outside the figure), then one client in each of the other rooms, then the second one.
 */
async function memoryRun(cfg: LoadConfig, clients: Client[], connectAll: (list: Client[], setup: boolean) => Promise<void>): Promise<MemoryResult> {
  const settle = async () => {
    await sleep(2000);
    return memStatus(cfg.serverPid).rssKb;
  };
  const warmRooms = Math.min(50, Math.floor(cfg.rooms / 10));
  const base = memStatus(cfg.serverPid).rssKb;
  await connectAll(clients.filter((cl) => cl.side === 0 && cl.c >> 1 < warmRooms), false);
  await connectAll(clients.filter((cl) => cl.side === 1 && cl.c >> 1 < warmRooms), false);
  const afterWarm = await settle();
  await connectAll(clients.filter((cl) => cl.side === 0 && cl.c >> 1 >= warmRooms), false);
  const one = await settle();
  await connectAll(clients.filter((cl) => cl.side === 1 && cl.c >> 1 >= warmRooms), false);
  const two = await settle();
  // CPU of the server with every client connected and nobody typing: timers, the checkpointer.
  const c0 = cpuTimes(cfg.serverPid);
  await sleep(3000);
  const c1 = cpuTimes(cfg.serverPid);
  const idleCpuFrac = (c1.user + c1.sys - c0.user - c0.sys) / 3;
  const n = cfg.rooms - warmRooms;
  const perRoomKb = (one - afterWarm) / n;
  const perClientKb = (two - one) / n;
  return {
    rooms: cfg.rooms,
    warmRooms,
    baseRssKb: base,
    afterWarmRssKb: afterWarm,
    oneClientRssKb: one,
    twoClientsRssKb: two,
    perRoomKb,
    perClientKb,
    perIdleRoomKb: perRoomKb - perClientKb,
    idleCpuFrac,
  };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
