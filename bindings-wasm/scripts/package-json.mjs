// Writes the publishable package.json of pkg/ (ES module for browsers and bundlers) and of
// pkg-node/ (CommonJS for Node), and copies the README into both. The version is the one the
// module itself reports, so the package can never claim another.
import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const here = new URL('..', import.meta.url);
const { version } = createRequire(import.meta.url)('../pkg-node/dockwright_wasm.js');

const common = {
  version: version(),
  description: 'Check, fix and parse Dockerfiles in the browser and Node: the dockwright linter compiled to WebAssembly',
  license: 'MIT OR Apache-2.0',
  repository: { type: 'git', url: 'https://github.com/dockwright/dockwright', directory: 'bindings-wasm' },
  keywords: ['dockerfile', 'docker', 'linter', 'lint', 'buildkit', 'wasm', 'webassembly'],
  types: 'dockwright_wasm.d.ts',
};

function write(dir, fields) {
  const files = readdirSync(new URL(dir, here)).filter((f) => /\.(js|d\.ts|wasm)$/.test(f));
  const pkg = { ...fields, ...common, files: [...files.sort(), 'README.md'] };
  // Key order as npm shows it: name and version first.
  const ordered = { name: pkg.name, version: pkg.version, ...pkg };
  writeFileSync(new URL(`${dir}/package.json`, here), JSON.stringify(ordered, null, 2) + '\n');
  copyFileSync(new URL('README.md', here), new URL(`${dir}/README.md`, here));
}

write('pkg', {
  name: '@dockwright/wasm',
  type: 'module',
  module: 'dockwright_wasm.js',
  exports: {
    '.': { types: './dockwright_wasm.d.ts', default: './dockwright_wasm.js' },
    './dockwright_wasm_bg.wasm': './dockwright_wasm_bg.wasm',
  },
  sideEffects: false,
});

write('pkg-node', {
  name: '@dockwright/wasm-node',
  main: 'dockwright_wasm.js',
  engines: { node: '>=18' },
});
