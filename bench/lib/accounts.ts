/**
 * Real accounts for the load: for each room a candidate and an interviewer register (real scrypt
 * hashes, at the benchmark's lowered cost), the candidate creates a paired session and the interviewer
 * joins it with the invite code. Done once against a template data directory that every run copies.
 *
 * A request the server answers with a 5xx is retried (a benchmark must not stop on one), but every
 * such answer is counted and reported: it is a server bug the run found.
 */
import type { Account, AccountsFile } from './load-types';

const PASSWORD = 'a long enough benchmark passphrase';

export interface SetupProblems {
  serverErrors: number;
  samples: string[];
}

async function post(base: string, path: string, body: unknown, cookie: string | undefined, problems: SetupProblems): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (cookie) headers.cookie = cookie;
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(base + path, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
    if (res.status < 500 || attempt >= 4) return res;
    problems.serverErrors++;
    const text = await res.text();
    if (problems.samples.length < 3) problems.samples.push(`POST ${path.replace(/\/sessions\/[^/]+/, '/sessions/:id')} → ${res.status} ${text.slice(0, 160)}`);
    await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
  }
}

function cookieOf(res: Response): string {
  for (const c of res.headers.getSetCookie()) {
    const pair = c.split(';')[0]!;
    if (pair.includes('=')) return pair;
  }
  throw new Error('no session cookie in the response');
}

async function register(base: string, username: string, problems: SetupProblems): Promise<string> {
  const before = problems.serverErrors;
  let res = await post(base, '/api/auth/register', { username, password: PASSWORD }, undefined, problems);
  // A retried registration may have been stored the first time: sign in instead.
  if (res.status === 409 && problems.serverErrors > before) res = await post(base, '/api/auth/login', { username, password: PASSWORD }, undefined, problems);
  if (res.status !== 201 && res.status !== 200) throw new Error(`register ${username}: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
  return cookieOf(res);
}

export async function prepareAccounts(base: string, rooms: number, concurrency = 8): Promise<AccountsFile & { problems: SetupProblems }> {
  const problems: SetupProblems = { serverErrors: 0, samples: [] };
  const first = await register(base, 'benchadmin', problems);
  const list = await fetch(`${base}/api/problems`, { headers: { cookie: first } });
  const catalog = (await list.json()) as { slug: string }[];
  const problemSlug = catalog.find((p) => p.slug === 'url-shortener')?.slug ?? catalog[0]?.slug;
  if (!problemSlug) throw new Error('the server has no problems loaded');

  const out: Account[] = new Array(rooms);
  let next = 0;
  const worker = async () => {
    while (next < rooms) {
      const i = next++;
      const candidate = await register(base, `benchc${i}`, problems);
      const interviewer = await register(base, `benchi${i}`, problems);
      const created = await post(base, '/api/sessions', { problemSlug, mode: 'paired', role: 'candidate' }, candidate, problems);
      if (created.status !== 201) throw new Error(`create session: ${created.status} ${await created.text()}`);
      const session = (await created.json()) as { id: string; inviteCode: string };
      const joined = await post(base, `/api/sessions/${session.id}/join`, { inviteCode: session.inviteCode }, interviewer, problems);
      if (joined.status !== 200) throw new Error(`join session: ${joined.status} ${await joined.text()}`);
      await joined.arrayBuffer();
      out[i] = { sessionId: session.id, cookies: [candidate, interviewer] };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { problemSlug, rooms: out, problems };
}
