// `npm start`: builds whatever is missing or older than its sources, then runs the server in this process.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}
const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const shared = newest('shared');

if (mtime('dist/web/index.html') < Math.max(newest('web'), shared, mtime('vite.config.ts'))) {
  console.log('Building the web app…');
  execFileSync(npm, ['run', '--silent', 'build:web'], { stdio: 'inherit' });
}
if (mtime('dist/server/main.js') < Math.max(newest('server'), shared)) {
  console.log('Building the server…');
  execFileSync(npm, ['run', '--silent', 'build:server'], { stdio: 'inherit' });
}
await import(pathToFileURL(join(process.cwd(), 'dist/server/main.js')).href);
