// The TypeScript typings are accurate: a strict compile of typical use passes (and catches the
// mistakes it should), and every object the API returns has exactly the declared properties.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import ts from 'typescript';

import { builds, exampleFiles, here } from './helpers.mjs';

const compilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: [],
  noUnusedLocals: false,
};

/** One strict program: the usage file and, through its imports, both packages' typings. */
const usage = here('typecheck/usage.ts');
const program = ts.createProgram([usage], compilerOptions);

test('typical use type-checks under `strict` against both builds, and wrong use does not', () => {
  const files = program.getSourceFiles().map((f) => f.fileName);
  for (const dir of ['pkg', 'pkg-node']) assert.ok(files.includes(here(`../${dir}/dockwright_wasm.d.ts`)), dir);
  const problems = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
    return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
  });
  assert.deepEqual(problems, []);
});

/** Each interface of the web package's typings: property name -> optional? */
function declaredInterfaces() {
  const file = here('../pkg/dockwright_wasm.d.ts');
  const checker = program.getTypeChecker();
  const interfaces = {};
  const unions = {};
  for (const statement of program.getSourceFile(file).statements) {
    if (ts.isInterfaceDeclaration(statement)) {
      const type = checker.getTypeAtLocation(statement.name);
      interfaces[statement.name.text] = Object.fromEntries(
        checker.getPropertiesOfType(type).map((p) => [p.name, (p.flags & ts.SymbolFlags.Optional) !== 0]),
      );
    } else if (ts.isTypeAliasDeclaration(statement)) {
      const type = checker.getTypeAtLocation(statement.name);
      if (type.isUnion() && type.types.every((t) => t.isStringLiteral())) {
        unions[statement.name.text] = type.types.map((t) => t.value);
      }
    }
  }
  return { interfaces, unions };
}

test('returned objects have exactly the declared properties and values', async () => {
  const { interfaces, unions } = declaredInterfaces();
  const dw = await builds.web();
  let checked = 0;
  const shape = (value, name, where) => {
    const declared = interfaces[name];
    assert.ok(declared, `no interface ${name}`);
    for (const [key, optional] of Object.entries(declared)) {
      if (!optional) assert.ok(key in value, `${where}: ${name}.${key} is declared but missing`);
    }
    for (const key of Object.keys(value)) assert.ok(key in declared, `${where}: ${name}.${key} is not declared`);
    checked++;
  };
  const oneOf = (value, union, where) => assert.ok(unions[union].includes(value), `${where}: ${value} is not a ${union}`);
  const diagnostic = (d, where) => {
    shape(d, 'Diagnostic', where);
    shape(d.span, 'Span', where);
    shape(d.span16, 'Span', where);
    oneOf(d.severity, 'Severity', where);
    if (d.fix) {
      shape(d.fix, 'Fix', where);
      oneOf(d.fix.applicability, 'Applicability', where);
      d.fix.edits.forEach((e) => shape(e, 'Edit', where));
    }
  };
  const sources = exampleFiles().map((f) => dw.decode(readFileSync(f)));
  sources.push('FROM alpine:3.20\nRUNN x\nCOPY <<EOF /a\nhi\nEOF\nADD ./a /a\n# check=skip=all\n');
  for (const [i, source] of sources.entries()) {
    dw.check(source, { config: { select: ['all'] }, path: `file${i}` }).forEach((d) => diagnostic(d, `check #${i}`));
    const result = dw.fix(source, { unsafe: true });
    shape(result, 'FixResult', `fix #${i}`);
    [...result.applied, ...result.withheld].forEach((a) => shape(a, 'AppliedFix', `fix #${i}`));
    result.remaining.forEach((d) => diagnostic(d, `fix #${i}`));
    const model = dw.parse(source);
    shape(model, 'ParsedDockerfile', `parse #${i}`);
    model.instructions.forEach((ins) => {
      shape(ins, 'Instruction', `parse #${i}`);
      ins.heredocs.forEach((h) => shape(h, 'Heredoc', `parse #${i}`));
    });
    model.stages.forEach((s) => shape(s, 'Stage', `parse #${i}`));
    model.directives.forEach((d) => shape(d, 'Directive', `parse #${i}`));
    model.comments.forEach((c) => shape(c, 'Comment', `parse #${i}`));
    model.errors.forEach((e) => shape(e, 'SyntaxError', `parse #${i}`));
    for (const item of model.items) {
      assert.deepEqual(Object.keys(item).sort(), item.kind === 'blank' ? ['kind', 'span'] : ['index', 'kind', 'span']);
    }
  }
  for (const rule of dw.rules()) {
    shape(rule, 'RuleInfo', rule.name);
    oneOf(rule.category, 'Category', rule.name);
    oneOf(rule.severity, 'Severity', rule.name);
    oneOf(rule.fix, 'FixKind', rule.name);
  }
  shape(dw.explain('no-latest-tag'), 'RuleDoc', 'explain');
  assert.ok(checked > 200, `${checked} objects checked`);
});

test('Config declares exactly the keys the core accepts', async () => {
  const { interfaces } = declaredInterfaces();
  const dw = await builds.web();
  // serde lists every accepted key in its "unknown field" message.
  let message = '';
  try {
    dw.check('', { config: { 'no-such-key': 1 } });
  } catch (e) {
    message = e.message;
  }
  const accepted = [...message.split('expected one of')[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  assert.ok(accepted.includes('select'), message);
  assert.deepEqual(Object.keys(interfaces.Config).sort(), accepted.sort());
  assert.deepEqual(Object.keys(interfaces.FixOptions).sort(), ['config', 'path', 'unsafe']);
});
