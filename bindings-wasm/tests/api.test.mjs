// The JS API of both builds (pkg-node and the web pkg loaded in Node), against the CLI's JSON on
// the same files, plus errors, offsets and every function.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, test } from 'node:test';

import { builds, corpusSample, exampleFiles, repo, runCli, withoutUtf16 } from './helpers.mjs';

const select = (...rules) => ({ config: { select: rules } });
const utf8 = new TextEncoder();
const bytesOf = (text, start, end) => new TextDecoder().decode(utf8.encode(text).slice(start, end));

/** Each file's diagnostics from one CLI run over all of them, keyed by path. */
function cliCheck(files, args) {
  const byFile = new Map(files.map((f) => [f, []]));
  for (const d of JSON.parse(runCli(['check', '--format', 'json', ...args, ...files]))) byFile.get(d.file).push(d);
  return byFile;
}

/** The UTF-16 offsets must slice the JS string exactly where the byte offsets slice the UTF-8. */
function assertUtf16Offsets(source, diagnostics) {
  for (const d of diagnostics) {
    assert.equal(source.slice(d.span16.start, d.span16.end), bytesOf(source, d.span.start, d.span.end), `${d.name} span`);
    for (const e of d.fix?.edits ?? []) {
      assert.equal(source.slice(e.start16, e.end16), bytesOf(source, e.start, e.end), `${d.name} edit`);
    }
  }
}

for (const [name, load] of Object.entries(builds)) {
  describe(`${name} build`, async () => {
    const dw = await load();

    test('version() is the workspace version, and the package says the same', () => {
      const cargo = readFileSync(`${repo}Cargo.toml`, 'utf8');
      const version = cargo.match(/\[workspace\.package\][^[]*?\nversion = "([^"]+)"/)[1];
      assert.equal(dw.version(), version);
      const pkg = JSON.parse(readFileSync(new URL(`../${name === 'web' ? 'pkg' : 'pkg-node'}/package.json`, import.meta.url)));
      assert.equal(pkg.version, version);
    });

    test('rules() equals `dockwright rules --format json`', () => {
      const rules = dw.rules();
      assert.deepEqual(rules, JSON.parse(runCli(['rules', '--format', 'json'])));
      const codes = rules.map((r) => r.code);
      assert.deepEqual(codes, [...codes].sort(), 'in code order');
      for (const rule of ['syntax-error', 'no-latest-tag', 'expose-ssh-port', 'prefer-copy-over-add', 'exec-form-cmd']) {
        assert.ok(rules.some((r) => r.name === rule), rule);
      }
    });

    test('explain() by name, code and alias; its docs are what `dockwright explain` prints', () => {
      const rule = dw.rules().find((r) => r.name === 'expose-ssh-port');
      const doc = dw.explain('expose-ssh-port');
      assert.deepEqual({ ...doc, docs: undefined }, { ...rule, docs: undefined });
      assert.match(doc.docs, /^## What it does$/m);
      assert.match(doc.docs, /```dockerfile\n/);
      assert.ok(runCli(['explain', 'expose-ssh-port']).endsWith(doc.docs));
      assert.equal(dw.explain(rule.code).name, 'expose-ssh-port');
      assert.ok(rule.aliases.length > 0);
      assert.equal(dw.explain(rule.aliases[0]).name, 'expose-ssh-port');
      assert.throws(() => dw.explain('expose-ssh-prot'), (e) => e instanceof Error && /no rule named `expose-ssh-prot`; did you mean `expose-ssh-port`\?/.test(e.message));
      assert.throws(() => dw.explain(42), TypeError);
    });

    test('check() equals `dockwright check --format json` on the examples (default and all rules)', () => {
      const files = exampleFiles();
      assert.ok(files.length >= 3);
      for (const [args, options] of [[[], {}], [['--select', 'all'], select('all')]]) {
        const expected = cliCheck(files, args);
        for (const file of files) {
          const source = dw.decode(readFileSync(file));
          const got = dw.check(source, { ...options, path: file });
          assert.deepEqual(got.map(withoutUtf16), expected.get(file), `${basename(file)} ${args.join(' ')}`);
          assertUtf16Offsets(source, got);
        }
      }
    });

    test('check() equals the CLI on a sample of the shared corpus', (t) => {
      const files = corpusSample(name === 'node' ? 25 : 60);
      if (!files) {
        t.skip('SKIPPED: ../shared/corpus is absent (set DOCKWRIGHT_REQUIRE_SHARED=1 to fail instead)');
        return;
      }
      // Files that are not text are refused by both (the CLI with an error): compare the rest.
      const sources = new Map();
      for (const file of files) {
        try {
          sources.set(file, dw.decode(readFileSync(file)));
        } catch (e) {
          assert.equal(e.name, 'DecodeError');
        }
      }
      const expected = cliCheck([...sources.keys()], ['--select', 'all']);
      let findings = 0;
      for (const [file, source] of sources) {
        const got = dw.check(source, { ...select('all'), path: file });
        assert.deepEqual(got.map(withoutUtf16), expected.get(file), basename(file));
        assertUtf16Offsets(source, got);
        findings += got.length;
      }
      assert.ok(findings > files.length, `the sample has findings (${findings} in ${files.length} files)`);
    });

    test('fix() writes what `dockwright check --fix` writes (safe and unsafe)', () => {
      const files = [...exampleFiles(), ...(corpusSample(97) ?? [])].filter((file) => {
        try {
          return dw.decode(readFileSync(file)) !== null;
        } catch {
          return false;
        }
      });
      for (const unsafe of [false, true]) {
        const dir = mkdtempSync(join(tmpdir(), 'dockwright-fix-'));
        try {
          const copies = files.map((f, i) => {
            const copy = join(dir, `${i}-${basename(f)}`);
            copyFileSync(f, copy);
            return copy;
          });
          runCli(['check', '--fix', ...(unsafe ? ['--unsafe-fixes'] : []), '--format', 'json', ...copies]);
          let changed = 0;
          files.forEach((file, i) => {
            const source = dw.decode(readFileSync(file));
            const result = dw.fix(source, { unsafe });
            assert.equal(result.output, dw.decode(readFileSync(copies[i])), `${basename(file)} unsafe=${unsafe}`);
            assert.equal(result.changed, result.output !== source);
            assert.equal(result.diff, dw.diff(source, result.output));
            if (result.changed) changed++;
          });
          assert.ok(changed > 0, 'some files were fixed');
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    });

    test('fix() reports what it applied and what remains; unsafe fixes only when asked', () => {
      const source = 'FROM alpine:3.20\nADD ./app /app\nCMD echo hi\n';
      const config = { select: ['prefer-copy-over-add', 'exec-form-cmd'] };
      const safe = dw.fix(source, { config });
      assert.equal(safe.output, 'FROM alpine:3.20\nCOPY ./app /app\nCMD echo hi\n');
      assert.deepEqual(safe.applied.map((a) => a.name), ['prefer-copy-over-add']);
      assert.deepEqual(safe.remaining.map((d) => d.name), ['exec-form-cmd']);
      assert.deepEqual([safe.withheld, safe.converged], [[], true], 'every fix sound, fixing settled');
      assert.equal(safe.diff, '--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,3 +1,3 @@\n FROM alpine:3.20\n-ADD ./app /app\n+COPY ./app /app\n CMD echo hi\n');
      const all = dw.fix(source, { config, unsafe: true, path: 'app/Dockerfile' });
      assert.deepEqual(all.applied.map((a) => a.name), ['prefer-copy-over-add', 'exec-form-cmd']);
      assert.deepEqual(all.remaining, []);
      assert.match(all.output, /^CMD \["echo", ?"hi"\]$/m);
      assert.ok(all.diff.startsWith('--- a/app/Dockerfile\n+++ b/app/Dockerfile\n'));
      const again = dw.fix(all.output, { config, unsafe: true });
      assert.equal(again.changed, false, 'fixing is idempotent');
      assert.equal(again.diff, '');
    });

    test('a source with syntax errors is not fixed, like the CLI', () => {
      const source = 'FROM alpine:3.20\nADD ./app /app\nRUNN make\n';
      const result = dw.fix(source, select('prefer-copy-over-add', 'syntax-error'));
      assert.equal(result.output, source);
      assert.equal(result.changed, false);
      assert.deepEqual(result.remaining.map((d) => [d.name, d.line]), [['prefer-copy-over-add', 2], ['syntax-error', 3]]);
    });

    test('non-ASCII text and CRLF: UTF-16 offsets slice the string, fixes keep CRLF', () => {
      const source = '# 🐳 Dockerfile für café ✓\r\nFROM node:latest\r\nLABEL note="naïve 🐳"\r\nADD ./ü /ü\r\nEXPOSE 22\r\n';
      const diagnostics = dw.check(source, select('no-latest-tag', 'prefer-copy-over-add', 'expose-ssh-port'));
      assert.deepEqual(diagnostics.map((d) => [d.name, d.line]), [['no-latest-tag', 2], ['prefer-copy-over-add', 4], ['expose-ssh-port', 5]]);
      assertUtf16Offsets(source, diagnostics);
      const latest = diagnostics[0];
      assert.notEqual(latest.span.start, latest.span16.start, 'byte and UTF-16 offsets differ after the whale');
      assert.equal(latest.column, source.split('\r\n')[1].indexOf('latest') + 1, 'columns count characters');
      const add = diagnostics[1];
      const edit = add.fix.edits[0];
      const byHand = source.slice(0, edit.start16) + edit.content + source.slice(edit.end16);
      const fixed = dw.fix(source, select('prefer-copy-over-add'));
      assert.equal(fixed.output, byHand);
      assert.equal(fixed.output, source.replace('ADD ./ü', 'COPY ./ü'));
      assert.equal(fixed.output.split('\r\n').length, source.split('\r\n').length, 'CRLF kept');
    });

    test('a leading BOM is for decode() to strip; decode() reads UTF-16 and refuses binary', () => {
      assert.equal(dw.decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x46, 0x52, 0x4f, 0x4d])), 'FROM');
      const utf16le = new Uint8Array([0xff, 0xfe, ...[...'FROM ü'].flatMap((c) => [c.charCodeAt(0), 0])]);
      assert.equal(dw.decode(utf16le.buffer), 'FROM ü');
      assert.throws(() => dw.decode(new Uint8Array([0x46, 0xff, 0x0a])), (e) => e.name === 'DecodeError' && e.offset === 1 && /invalid UTF-8/.test(e.message));
      assert.throws(() => dw.decode(new Uint8Array([0x46, 0x00])), (e) => e.name === 'DecodeError' && e.offset === 1);
      assert.throws(() => dw.decode('FROM alpine'), TypeError);
    });

    test('config errors throw a ConfigError naming the key', () => {
      const configError = (config, key, pattern) =>
        assert.throws(() => dw.check('FROM alpine\n', { config }), (e) =>
          e instanceof Error && e.name === 'ConfigError' && e.key === key && pattern.test(e.message));
      configError({ selct: ['all'] }, 'selct', /unknown field `selct`/);
      configError({ ignore: ['no-such-rule'] }, 'ignore', /unknown rule `no-such-rule` in `ignore`/);
      configError({ severity: { 'no-latest-tagg': 'info' } }, 'severity.no-latest-tagg', /did you mean `no-latest-tag`/);
      configError({ select: 'all' }, 'select', /`select`/);
      configError({ 'fail-level': 'loud' }, 'fail-level', /loud/);
      assert.throws(() => dw.fix('FROM alpine\n', { config: { selct: [] } }), { name: 'ConfigError', key: 'selct' });
    });

    test('options are checked: unknown keys, wrong types and a non-string source are TypeErrors', () => {
      assert.throws(() => dw.check('FROM alpine\n', { unsafeFixes: true }), (e) => e instanceof TypeError && /unknown field `unsafeFixes`/.test(e.message));
      assert.throws(() => dw.fix('FROM alpine\n', { unsafe: 'yes' }), TypeError);
      assert.throws(() => dw.check('FROM alpine\n', 'all'), TypeError);
      assert.throws(() => dw.check('FROM alpine\n', { config: { select: [() => 1] } }), (e) => e instanceof TypeError && /options\.config\.select\[0\]/.test(e.message));
      assert.throws(() => dw.check(undefined), (e) => e instanceof TypeError && /`source` must be a string, not undefined/.test(e.message));
      assert.throws(() => dw.parse(new Uint8Array(3)), TypeError);
      // Absent, null and undefined members mean "not given".
      for (const options of [undefined, null, {}, { config: null }, { config: undefined, unsafe: undefined }]) {
        assert.ok(Array.isArray(dw.check('FROM alpine\n', options)));
      }
    });

    test('config selects, ignores and re-rates rules; the last config is not kept by mistake', () => {
      const source = 'FROM node:latest\nEXPOSE 22\n';
      const names = (options) => dw.check(source, options).map((d) => `${d.name}:${d.severity}`);
      assert.deepEqual(names(select('expose-ssh-port')), ['expose-ssh-port:warning']);
      assert.deepEqual(names({ config: { select: ['expose-ssh-port', 'no-latest-tag'], ignore: ['DW203'] } }), ['no-latest-tag:warning']);
      assert.deepEqual(names({ config: { select: ['expose-ssh-port'], severity: { 'expose-ssh-port': 'error' } } }), ['expose-ssh-port:error']);
      assert.deepEqual(names(select('expose-ssh-port')), ['expose-ssh-port:warning']);
      assert.ok(names({}).includes('no-latest-tag:warning'), 'no options: the default rules');
    });

    test('check() reports syntax errors as diagnostics and never throws on bad Dockerfiles', () => {
      const diagnostics = dw.check('FROM alpine:3.20\nRUNN echo hi\nCOPY\n', select('syntax-error'));
      assert.deepEqual(diagnostics.map((d) => [d.name, d.severity, d.line]), [['syntax-error', 'error', 2], ['syntax-error', 'error', 3]]);
      for (const source of ['', '\n', '\\', '# only a comment', 'RUN <<EOF\nunterminated', '\u0000\uFFFF\uD800']) {
        assert.ok(Array.isArray(dw.check(source, select('all'))), JSON.stringify(source));
        assert.equal(typeof dw.parse(source), 'object');
      }
    });

    test('parse() equals `dockwright parse` on the examples', () => {
      for (const file of exampleFiles()) {
        const { file: _file, encoding: _encoding, ...expected } = JSON.parse(runCli(['parse', file]));
        assert.deepEqual(dw.parse(dw.decode(readFileSync(file))), expected, basename(file));
      }
      const model = dw.parse('ARG V=1\nFROM golang:1.22 AS build\nRUN <<EOF\ngo build\nEOF\nFROM scratch\nCOPY --from=build /out /\n');
      assert.deepEqual(model.instructions.map((i) => i.keyword), ['ARG', 'FROM', 'RUN', 'FROM', 'COPY']);
      assert.deepEqual(model.instructions[4].flags, ['--from=build']);
      assert.deepEqual(model.instructions[2].heredocs.map((h) => [h.name, h.body]), [['EOF', 'go build\n']]);
      assert.deepEqual(model.stages.map((s) => [s.name, s.base, s.from, s.end]), [['build', 'golang:1.22', 1, 3], [null, 'scratch', 3, 5]]);
      assert.deepEqual(model.global_args, [0]);
    });

    test('diff() is a unified diff with the given path', () => {
      assert.equal(dw.diff('a\n', 'a\n'), '');
      assert.equal(dw.diff('FROM a\n', 'FROM b\n', 'x/Dockerfile'), '--- a/x/Dockerfile\n+++ b/x/Dockerfile\n@@ -1 +1 @@\n-FROM a\n+FROM b\n');
    });
  });
}
