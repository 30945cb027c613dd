// Bundles the playground into dist/: one script, one stylesheet, the page and the .wasm. No
// CDN and no network at run time, so dist/ works from any static file server (or offline).
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const dist = here('dist/');

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
await esbuild.build({
  entryPoints: [
    { in: here('src/main.js'), out: 'playground' },
    { in: here('src/style.css'), out: 'playground' },
  ],
  bundle: true,
  format: 'esm',
  minify: true,
  sourcemap: false,
  target: ['chrome109', 'firefox115', 'safari16'],
  outdir: dist,
  logLevel: 'warning',
  legalComments: 'eof',
});
copyFileSync(here('index.html'), here('dist/index.html'));
copyFileSync(here('../pkg/dockwright_wasm_bg.wasm'), here('dist/dockwright_wasm_bg.wasm'));
for (const file of ['index.html', 'playground.js', 'playground.css', 'dockwright_wasm_bg.wasm']) {
  console.log(`playground/dist/${file.padEnd(26)} ${String(statSync(here(`dist/${file}`)).size).padStart(8)} bytes`);
}
