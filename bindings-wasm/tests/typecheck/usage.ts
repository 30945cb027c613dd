// Compiled (not run) by typings.test.mjs with `strict`: typical use must type-check, and each
// `@ts-expect-error` proves that a mistake is caught, i.e. that the typings are not `any`.
import init, {
  check, decode, diff, explain, fix, parse, rules, version,
  type ConfigError, type Diagnostic, type FixResult, type ParsedDockerfile, type RuleDoc, type RuleInfo,
} from '../../pkg/dockwright_wasm.js';
import * as node from '../../pkg-node/dockwright_wasm.js';

export async function usage(bytes: Uint8Array): Promise<string[]> {
  await init({ module_or_path: bytes });
  const source: string = decode(bytes);
  const diagnostics: Diagnostic[] = check(source, {
    config: { select: ['all'], 'extend-select': ['DW4'], ignore: [], severity: { 'no-latest-tag': 'error' }, 'label-schema': { version: 'semver' } },
    path: 'Dockerfile',
  });
  const first = diagnostics[0];
  const text: string = source.slice(first.span16.start, first.span16.end);
  const help: string | null = first.help;
  const edits = first.fix?.edits.map((e) => `${e.start16}-${e.end16}:${e.content}`) ?? [];
  const result: FixResult = fix(source, { unsafe: true, config: null });
  const summary = result.output + result.diff + result.applied.map((a) => a.title).join() + result.remaining.length;
  const all: RuleInfo[] = rules();
  const doc: RuleDoc = explain(all[0].name);
  const model: ParsedDockerfile = parse(source);
  const stages = model.stages.map((s) => s.name ?? `${s.index}: ${s.base}`);
  const heredocs = model.instructions.flatMap((i) => i.heredocs.map((h) => h.body));
  const lines = node.check(source).map((d) => d.line + d.end_line) + node.fix(source).output;
  try {
    check(source, { config: JSON.parse('{"selct": []}') });
  } catch (e) {
    const error = e as ConfigError;
    stages.push(error.key ?? error.message);
  }
  // @ts-expect-error: unknown options are caught
  check(source, { unsafeFixes: true });
  // @ts-expect-error: unknown config keys are caught
  check(source, { config: { selct: ['all'] } });
  // @ts-expect-error: severities are a closed set
  check(source, { config: { severity: { 'no-latest-tag': 'loud' } } });
  // @ts-expect-error: `unsafe` belongs to fix()
  check(source, { unsafe: true });
  // @ts-expect-error: the source is a string
  check(42);
  // @ts-expect-error: a message is a string, not any
  const wrong: number = first.message;
  // @ts-expect-error: a fix can be null
  first.fix.edits;
  return [text, help ?? '', ...edits, summary, doc.docs, ...stages, ...heredocs, lines, version(), diff('a', 'b', 'Dockerfile'), String(wrong)];
}
