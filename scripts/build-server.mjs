// Bundles the server (and shared/) into dist/server/main.js; npm packages stay external.
import { build } from 'esbuild';

await build({
  entryPoints: ['server/main.ts'],
  outfile: 'dist/server/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  // The bundle reads ../../package.json for the version: keep paths relative to dist/server.
  define: { 'import.meta.vitest': 'undefined' },
});
console.log('built dist/server/main.js');
