/**
 * HTTP throughput and latency with autocannon, run as its own process pinned to the load core:
 *   node --import tsx bench/http.ts '{"base":"http://127.0.0.1:PORT","cookie":"mr_session=…","routes":["/api/problems"],"seconds":5}'
 * Prints one JSON line: per route, requests/s (mean), latency p50/p99/max in ms, errors and non-2xx.
 */
import autocannon from 'autocannon';
import { cpuSeconds } from './lib/proc';

interface HttpConfig {
  base: string;
  serverPid: number;
  cookie: string;
  routes: { name: string; path: string }[];
  seconds: number;
  connections: number;
}

export interface HttpRouteResult {
  name: string;
  path: string;
  reqPerS: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  non2xx: number;
  total: number;
  /** The server's CPU over the run, as a fraction of a core, and per request. */
  serverCpuFrac: number;
  serverUsPerReq: number;
}

async function main(): Promise<void> {
  const cfg = JSON.parse(process.argv[2]!) as HttpConfig;
  const out: HttpRouteResult[] = [];
  for (const r of cfg.routes) {
    // A short warm-up so the first figures are not the JIT's.
    await autocannon({ url: cfg.base + r.path, connections: cfg.connections, duration: 1, headers: { cookie: cfg.cookie } });
    const c0 = cpuSeconds(cfg.serverPid);
    const t0 = performance.now();
    const res = await autocannon({ url: cfg.base + r.path, connections: cfg.connections, duration: cfg.seconds, headers: { cookie: cfg.cookie } });
    const cpu = cpuSeconds(cfg.serverPid) - c0;
    const wall = (performance.now() - t0) / 1000;
    out.push({
      name: r.name,
      path: r.path,
      reqPerS: res.requests.average,
      p50Ms: res.latency.p50,
      p99Ms: res.latency.p99,
      maxMs: res.latency.max,
      errors: res.errors + res.timeouts,
      non2xx: res.non2xx,
      total: res['2xx'] + res.non2xx,
      serverCpuFrac: cpu / wall,
      serverUsPerReq: (cpu * 1e6) / Math.max(1, res['2xx'] + res.non2xx),
    });
  }
  console.log(JSON.stringify(out));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
