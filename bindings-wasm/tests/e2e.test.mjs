// The playground in headless Chromium: real keystrokes into the editor, findings in the list
// and in the editor, fixes through the diff dialog, share links, docs, config.
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';

import { launch, openPlayground, serve } from './browser.mjs';
import { builds } from './helpers.mjs';

let server;
let browser;
let dw;
before(async () => {
  server = await serve();
  browser = await launch();
  dw = await builds.node();
});
after(async () => {
  await browser?.close();
  server?.close();
});

const editorText = (page) => page.evaluate(() => window.playground.view.state.doc.toString());
const findings = (page) =>
  page.$$eval('#diagnostics > *', (items) => items.map((li) => `${li.dataset.rule}@${li.dataset.line}`));
const base64url = (bytes) => Buffer.from(bytes).toString('base64url');

/** Replaces the editor's text by typing it, key by key. */
async function typeSource(page, text) {
  await page.click('.cm-content');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text, { delay: 2 });
  await page.waitForFunction((t) => window.playground.view.state.doc.toString() === t, text);
}

/** Waits until the findings list is exactly `expected` (rule@line, in order). */
async function expectFindings(page, expected) {
  await page.waitForFunction(
    (want) => [...document.querySelectorAll('#diagnostics > *')].map((li) => `${li.dataset.rule}@${li.dataset.line}`).join() === want.join(),
    expected,
    { timeout: 5000 },
  ).catch(async () => assert.deepEqual(await findings(page), expected));
}

/**
 * Waits until the fix dialog has closed and its `close` handler has run: the event comes in a
 * task queued after `open` is cleared, and the handler ends by focusing the editor.
 */
async function dialogHandled(page) {
  await page.waitForFunction(() => !document.querySelector('#fix-dialog').open && window.playground.view.hasFocus);
}

async function setConfig(page, config) {
  await page.click('[data-tab="config"]');
  await page.fill('#config', JSON.stringify(config));
}

describe('playground', () => {
  test('loads with an example, its findings listed and marked in the editor', async () => {
    const { page, context, errors } = await openPlayground(browser, server.url);
    const listed = await findings(page);
    assert.ok(listed.length >= 5, `the first example has findings: ${listed}`);
    assert.deepEqual(listed, dw.check(await editorText(page)).map((d) => `${d.name}@${d.line}`));
    assert.ok((await page.$$('.cm-lintRange-warning')).length > 0, 'warnings are underlined');
    assert.ok((await page.$$('.cm-gutter-lint .cm-lint-marker')).length > 0, 'and marked in the gutter');
    assert.match(await page.textContent('#version'), /^v\d+\.\d+\.\d+/);
    assert.equal(await page.textContent('#findings-count'), String(listed.length));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('typing re-checks: findings follow the text, and a click jumps to the line', async () => {
    const { page, context } = await openPlayground(browser, server.url);
    await setConfig(page, { select: ['no-latest-tag', 'expose-ssh-port', 'syntax-error'] });
    await typeSource(page, 'FROM node:latest\nWORKDIR /app\nEXPOSE 22 8080\n');
    await expectFindings(page, ['no-latest-tag@1', 'expose-ssh-port@3']);
    await page.keyboard.type('RUNN make\n');
    await expectFindings(page, ['no-latest-tag@1', 'expose-ssh-port@3', 'syntax-error@4']);
    for (const _ of 'RUNN make\n') await page.keyboard.press('Backspace');
    await expectFindings(page, ['no-latest-tag@1', 'expose-ssh-port@3']);
    await page.click('[data-tab="findings"]');
    await page.click('#diagnostics > [data-rule="expose-ssh-port"] .finding-message');
    await page.waitForFunction(() => document.querySelector('#cursor').textContent.startsWith('Ln 3,'));
    const selected = await page.evaluate(() => {
      const { view } = window.playground;
      const { from, to } = view.state.selection.main;
      return view.state.sliceDoc(from, to);
    });
    assert.equal(selected, '22');
    await context.close();
  });

  test('hovering an underline shows the message', async () => {
    const { page, context } = await openPlayground(browser, server.url);
    await setConfig(page, { select: ['expose-ssh-port'] });
    await typeSource(page, 'FROM alpine:3.20\nEXPOSE 22\n');
    await expectFindings(page, ['expose-ssh-port@2']);
    await page.hover('.cm-lintRange-warning');
    const tip = await page.waitForSelector('.cm-tooltip-lint', { timeout: 5000 });
    assert.match(await tip.textContent(), /port 22/);
    assert.match(await tip.textContent(), /expose-ssh-port/);
    await context.close();
  });

  test('a finding\'s fix shows the diff first, then changes the editor text', async () => {
    const { page, context } = await openPlayground(browser, server.url);
    await setConfig(page, { select: ['prefer-copy-over-add', 'expose-ssh-port'] });
    await typeSource(page, 'FROM alpine:3.20\nADD ./app /app\nEXPOSE 22\n');
    await expectFindings(page, ['prefer-copy-over-add@2', 'expose-ssh-port@3']);
    assert.equal(await page.$('#diagnostics > [data-rule="expose-ssh-port"] [data-action="fix"]'), null, 'no fix offered where there is none');
    await page.click('[data-tab="findings"]');
    await page.click('#diagnostics > [data-rule="prefer-copy-over-add"] [data-action="fix"]');
    await page.waitForSelector('#fix-dialog[open]');
    const diff = await page.$$eval('#diff-view tr', (rows) => rows.map((r) => `${r.className} ${r.querySelector('.text').textContent}`));
    assert.ok(diff.includes('del ADD ./app /app'), diff.join('\n'));
    assert.ok(diff.includes('add COPY ./app /app'), diff.join('\n'));
    assert.equal(await editorText(page), 'FROM alpine:3.20\nADD ./app /app\nEXPOSE 22\n', 'nothing changes before Apply');
    await page.click('#apply-fix');
    await dialogHandled(page);
    assert.equal(await editorText(page), 'FROM alpine:3.20\nCOPY ./app /app\nEXPOSE 22\n');
    await expectFindings(page, ['expose-ssh-port@3']);
    await context.close();
  });

  test('"fix all safe" applies what fix() applies; unsafe fixes only when ticked; Cancel changes nothing', async () => {
    const { page, context } = await openPlayground(browser, server.url);
    const config = { select: ['prefer-copy-over-add', 'maintainer-deprecated', 'exec-form-cmd'] };
    await setConfig(page, config);
    const source = 'FROM alpine:3.20\nMAINTAINER me@example.com\nADD ./app /app\nCMD ./app --serve\n';
    await typeSource(page, source);
    await expectFindings(page, ['maintainer-deprecated@2', 'prefer-copy-over-add@3', 'exec-form-cmd@4']);
    await page.click('[data-tab="findings"]');

    await page.click('#fix-all');
    await page.waitForSelector('#fix-dialog[open]');
    await page.click('#fix-dialog button[value="cancel"]');
    await dialogHandled(page);
    assert.equal(await editorText(page), source);

    const safe = dw.fix(source, { config });
    await page.click('#fix-all');
    await page.waitForSelector('#fix-dialog[open]');
    assert.deepEqual(await page.$$eval('#fix-applied li', (li) => li.map((x) => x.dataset.rule)), safe.applied.map((a) => a.name));
    await page.click('#apply-fix');
    await page.waitForFunction((t) => window.playground.view.state.doc.toString() === t, safe.output);
    await expectFindings(page, ['exec-form-cmd@4']);

    await page.check('#unsafe');
    const all = dw.fix(safe.output, { config, unsafe: true });
    assert.ok(all.changed);
    await page.click('#fix-all');
    await page.waitForSelector('#fix-dialog[open]');
    await page.click('#apply-fix');
    await page.waitForFunction((t) => window.playground.view.state.doc.toString() === t, all.output);
    await expectFindings(page, []);
    assert.equal(await page.isVisible('#no-findings'), true);
    await context.close();
  });

  test('a share link keeps the source in the fragment and shows it with its findings', async () => {
    const { page, context } = await openPlayground(browser, server.url);
    await setConfig(page, { select: ['no-latest-tag', 'expose-ssh-port'] });
    const source = 'FROM node:latest\n# café 🐳\nEXPOSE 22\n';
    await typeSource(page, source);
    await expectFindings(page, ['no-latest-tag@1', 'expose-ssh-port@3']);
    await page.click('#share');
    await page.waitForFunction(() => document.querySelector('#share-url').value.includes('#'));
    const link = await page.inputValue('#share-url');
    assert.ok(link.startsWith(server.url) && /#z=[\w-]+&c=[\w-]+$/.test(link), link);
    await context.close();

    const opened = await openPlayground(browser, link);
    assert.equal(await editorText(opened.page), source);
    await expectFindings(opened.page, ['no-latest-tag@1', 'expose-ssh-port@3']);
    await opened.context.close();

    // Links made elsewhere: compressed (deflate-raw) and plain base64url UTF-8.
    const other = 'FROM ubuntu:latest\nEXPOSE 22/tcp\n';
    for (const fragment of [`z=${base64url(deflateRawSync(other))}`, `s=${base64url(Buffer.from(other))}`]) {
      const shared = await openPlayground(browser, `${server.url}#${fragment}`);
      assert.equal(await editorText(shared.page), other);
      const listed = await findings(shared.page);
      assert.ok(listed.includes('no-latest-tag@1') && listed.includes('expose-ssh-port@2'), listed.join());
      await shared.context.close();
    }
  });

  test('rule docs open from a finding and from the rules list; their examples load into the editor', async () => {
    const { page, context } = await openPlayground(browser, server.url);
    await setConfig(page, { select: ['expose-ssh-port'] });
    await typeSource(page, 'FROM alpine:3.20\nEXPOSE 22\n');
    await expectFindings(page, ['expose-ssh-port@2']);
    await page.click('[data-tab="findings"]');
    await page.click('#diagnostics > [data-rule="expose-ssh-port"] [data-action="docs"]');
    await page.waitForSelector('#docs[data-rule="expose-ssh-port"]');
    assert.equal(await page.textContent('#docs h2'), 'expose-ssh-port');
    const headings = await page.$$eval('#docs h3', (h) => h.map((x) => x.textContent));
    assert.deepEqual(headings.slice(0, 2), ['What it does', 'Why']);
    assert.ok((await page.$$('#docs pre.code-block span')).length > 0, 'examples are highlighted');

    const example = dw.explain('expose-ssh-port').docs.match(/```dockerfile\n([\s\S]*?)\n```/)[1];
    await page.click('#docs .open-example');
    await page.waitForFunction((t) => window.playground.view.state.doc.toString() === t, example);
    await expectFindings(page, ['expose-ssh-port@2']);

    await page.click('[data-tab="rules"]');
    await page.fill('#rule-filter', 'DW402');
    assert.deepEqual(await page.$$eval('#rule-list > li', (li) => li.map((x) => x.dataset.rule)), ['prefer-copy-over-add']);
    await page.click('#rule-list button');
    await page.waitForSelector('#docs[data-rule="prefer-copy-over-add"]');
    await context.close();
  });

  test('the config tab changes the rules that run and shows config errors with their key', async () => {
    const { page, context } = await openPlayground(browser, server.url);
    await typeSource(page, 'FROM node:latest\nEXPOSE 22\n');
    await setConfig(page, { select: ['expose-ssh-port'] });
    await expectFindings(page, ['expose-ssh-port@2']);
    await page.fill('#config', '{"select": ["expose-ssh-port"], "ignroe": []}');
    await page.waitForSelector('#config-error:not([hidden])');
    assert.equal(await page.textContent('#config-error strong code'), 'ignroe');
    assert.match(await page.textContent('#config-error'), /^Config error in ignroe.*unknown field ignroe/s);
    await expectFindings(page, ['expose-ssh-port@2']);
    await page.click('[data-preset=\'{"select": ["all"]}\']');
    await page.waitForSelector('#config-error', { state: 'hidden' });
    const listed = await findings(page);
    assert.ok(listed.includes('no-latest-tag@1') && listed.length > 2, listed.join());
    await context.close();
  });

  test('the model tab lists stages and instructions; a row jumps to its line', async () => {
    const { page, context } = await openPlayground(browser, server.url);
    await typeSource(page, 'FROM golang:1.22 AS build\nRUN go build\nFROM scratch\nCOPY --from=build /out /\n');
    await page.click('[data-tab="model"]');
    const stages = await page.$$eval('#model .stage h3', (h) => h.map((x) => [...x.children].map((c) => c.textContent).join(' ')));
    assert.deepEqual(stages, ['Stage 0 build from golang:1.22', 'Stage 1 from scratch']);
    await page.click('#model tr[data-line="4"]');
    await page.waitForFunction(() => document.querySelector('#cursor').textContent.startsWith('Ln 4,'));
    await context.close();
  });
});
