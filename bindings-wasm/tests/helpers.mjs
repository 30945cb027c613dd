// Shared by the tests: the two builds of the package, the CLI to compare with, the corpus.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const here = (path) => fileURLToPath(new URL(path, import.meta.url));
export const repo = here('../../');

/** The package built for Node (CommonJS) and for the web (ES module, initialised from bytes). */
export const builds = {
  node: async () => createRequire(import.meta.url)('../pkg-node/dockwright_wasm.js'),
  web: async () => {
    const module = await import('../pkg/dockwright_wasm.js');
    await module.default({ module_or_path: readFileSync(here('../pkg/dockwright_wasm_bg.wasm')) });
    return module;
  },
};

let cli;
/** The `dockwright` binary: $DOCKWRIGHT_CLI, or built by cargo (a no-op when it is current). */
export function cliPath() {
  if (cli) return cli;
  if (process.env.DOCKWRIGHT_CLI) return (cli = process.env.DOCKWRIGHT_CLI);
  const out = execFileSync('cargo', ['build', '-p', 'dockwright-cli', '--message-format=json-render-diagnostics'], {
    cwd: repo,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 << 20,
  });
  for (const line of out.split('\n')) {
    const message = line.startsWith('{') ? JSON.parse(line) : null;
    if (message?.reason === 'compiler-artifact' && message.target.name === 'dockwright' && message.executable) {
      cli = message.executable;
    }
  }
  if (!cli) throw new Error('cargo build -p dockwright-cli produced no `dockwright` executable');
  return cli;
}

/** Runs the CLI; exit codes 0 and 1 (findings) are results, anything else an error. */
export function runCli(args, options = {}) {
  try {
    return execFileSync(cliPath(), args, { encoding: 'utf8', maxBuffer: 256 << 20, ...options });
  } catch (error) {
    if (error.status === 1) return error.stdout;
    throw new Error(`dockwright ${args.join(' ')} exited with ${error.status}: ${error.stderr}`);
  }
}

/** The example Dockerfiles of the repository. */
export function exampleFiles() {
  const dir = `${repo}examples/`;
  return readdirSync(dir).filter((f) => !f.startsWith('.')).sort().map((f) => dir + f);
}

/**
 * A deterministic sample of ../shared/corpus/files (every `step`-th file), or null when the
 * shared folder is absent, which fails instead when DOCKWRIGHT_REQUIRE_SHARED=1.
 */
export function corpusSample(step) {
  const dir = `${repo}../shared/corpus/files/`;
  if (!existsSync(dir)) {
    if (process.env.DOCKWRIGHT_REQUIRE_SHARED === '1') {
      throw new Error(`${dir} is missing and DOCKWRIGHT_REQUIRE_SHARED=1`);
    }
    return null;
  }
  return readdirSync(dir).sort().filter((_, i) => i % step === 0).map((f) => dir + f);
}

/** A diagnostic without the UTF-16 offsets the JS API adds, i.e. as the CLI prints it. */
export function withoutUtf16(d) {
  const { span16, ...rest } = d;
  if (!rest.fix) return rest;
  return { ...rest, fix: { ...rest.fix, edits: rest.fix.edits.map(({ start16, end16, ...e }) => e) } };
}
