// The playground: an editor checked on every change by the WebAssembly build of dockwright,
// with findings inline and in a list, fixes previewed as diffs, rule docs, the parsed model,
// a config editor and share links.
import { setDiagnostics } from '@codemirror/lint';
import { EditorView } from '@codemirror/view';

import init, * as dw from '../../pkg/dockwright_wasm.js';
import { renderDiff } from './diff.js';
import { createEditor } from './editor.js';
import { examples } from './examples.js';
import { inline, renderMarkdown } from './markdown.js';
import { decodeFragment, encodeFragment } from './share.js';

const $ = (selector) => document.querySelector(selector);
const STORAGE_KEY = 'dockwright-playground';
// Checking takes well under a millisecond for a typical file; the delay only coalesces the
// updates of fast typing or a paste.
const CHECK_DELAY_MS = 30;
const EDITOR_SEVERITY = { error: 'error', warning: 'warning', info: 'info', style: 'hint' };

const state = {
  config: null, // the config in force; null for the default rules
  configText: '{}',
  diagnostics: [],
  checked: null, // the text `diagnostics` belong to
  rules: [],
  tab: 'findings',
  pendingFix: null, // what the fix dialog applies when confirmed
};
let view;
let checkTimer = 0;

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function options(extra = {}) {
  return state.config ? { config: state.config, ...extra } : extra;
}

// ---- checking -------------------------------------------------------------------------------

function source() {
  return view.state.doc.toString();
}

function runCheck() {
  clearTimeout(checkTimer);
  const text = source();
  const start = performance.now();
  const diagnostics = dw.check(text, options());
  const elapsed = performance.now() - start;
  state.diagnostics = diagnostics;
  state.checked = text;
  view.dispatch(setDiagnostics(view.state, diagnostics.map(editorDiagnostic)));
  renderFindings();
  $('#timing').textContent = `checked in ${elapsed < 1 ? elapsed.toFixed(2) : elapsed.toFixed(1)} ms`;
  if (state.tab === 'model') renderModel();
  save();
}

/** Whether the findings shown belong to the text in the editor (a check may be pending). */
function fresh() {
  if (state.checked === source()) return true;
  runCheck();
  toast('The file changed: findings refreshed.');
  return false;
}

function editorDiagnostic(d) {
  const length = view.state.doc.length;
  const actions = [];
  if (d.fix) {
    actions.push({ name: d.fix.applicability === 'safe' ? 'Fix' : 'Fix (unsafe)', apply: () => fresh() && previewFix(d) });
  }
  actions.push({ name: 'Docs', apply: () => showDocs(d.name) });
  return {
    from: Math.min(d.span16.start, length),
    to: Math.min(d.span16.end, length),
    severity: EDITOR_SEVERITY[d.severity],
    message: d.message,
    source: d.code,
    actions,
    renderMessage: () =>
      el('div', { class: 'tip' }, [
        el('div', { class: 'tip-head' }, [
          el('span', { class: `sev-pill sev-${d.severity}` }, [d.severity]),
          el('code', {}, [d.code]),
          el('span', { class: 'tip-rule' }, [d.name]),
        ]),
        el('div', { class: 'tip-message' }, inline(d.message)),
        d.help && el('div', { class: 'tip-help' }, inline(d.help)),
      ]),
  };
}

// ---- findings list --------------------------------------------------------------------------

function renderFindings() {
  const list = $('#diagnostics');
  list.replaceChildren(...state.diagnostics.map(findingItem));
  $('#no-findings').hidden = state.diagnostics.length > 0;
  $('#findings-count').textContent = state.diagnostics.length;
  renderCounts();
  updateFixAll();
}

function findingItem(d, index) {
  const fix = d.fix
    && el('button', { class: `btn small ${d.fix.applicability === 'safe' ? 'accent' : 'warn'}`, type: 'button', dataset: { action: 'fix' }, title: d.fix.title }, [
      d.fix.applicability === 'safe' ? 'Fix' : 'Fix (unsafe)',
    ]);
  return el('li', { class: `finding sev-${d.severity}`, tabindex: '0', dataset: { rule: d.name, line: String(d.line), index: String(index) } }, [
    el('span', { class: 'sev-icon', title: d.severity, 'aria-label': d.severity }),
    el('div', { class: 'finding-body' }, [
      el('p', { class: 'finding-message' }, inline(d.message)),
      d.help && el('p', { class: 'finding-help' }, inline(d.help)),
      el('div', { class: 'finding-meta' }, [
        el('span', { class: 'pos' }, [`Ln ${d.line}, Col ${d.column}`]),
        el('code', {}, [d.code]),
        el('span', { class: 'rule-name' }, [d.name]),
      ]),
    ]),
    el('div', { class: 'finding-actions' }, [
      fix,
      el('button', { class: 'btn small ghost', type: 'button', dataset: { action: 'docs' } }, ['Docs']),
    ]),
  ]);
}

function onFindingClick(event) {
  const item = event.target.closest('li.finding');
  if (!item) return;
  const d = state.diagnostics[Number(item.dataset.index)];
  const action = event.target.closest('button')?.dataset.action;
  if (action === 'docs') return showDocs(d.name);
  if (!fresh()) return;
  if (action === 'fix') return previewFix(d);
  reveal(d);
}

function reveal(d) {
  const length = view.state.doc.length;
  const from = Math.min(d.span16.start, length);
  view.dispatch({
    selection: { anchor: from, head: Math.min(d.span16.end, length) },
    effects: EditorView.scrollIntoView(from, { y: 'center' }),
  });
  view.focus();
}

function renderCounts() {
  const counts = { error: 0, warning: 0, info: 0, style: 0 };
  for (const d of state.diagnostics) counts[d.severity]++;
  const fixable = state.diagnostics.filter((d) => d.fix).length;
  $('#counts').replaceChildren(
    ...Object.entries(counts).map(([severity, n]) =>
      el('span', { class: `count-item sev-${severity}${n ? '' : ' zero'}` }, [
        el('span', { class: 'sev-dot' }),
        // "info" and "style" are not counted nouns.
        severity === 'info' || severity === 'style' ? `${n} ${severity}` : plural(n, severity),
      ]),
    ),
    el('span', { class: 'count-item fixable' }, [`${fixable} fixable`]),
  );
}

function updateFixAll() {
  const unsafe = $('#unsafe').checked;
  const n = state.diagnostics.filter((d) => d.fix && (unsafe || d.fix.applicability === 'safe')).length;
  $('#fix-all-label').textContent = `${unsafe ? 'Fix all' : 'Fix all safe'}${n ? ` (${n})` : ''}`;
  $('#fix-all').disabled = n === 0;
}

// ---- fixes ----------------------------------------------------------------------------------

function previewFix(d) {
  // Edits are sorted and never overlap; `start16`/`end16` index the editor's text directly.
  const changes = view.state.changes(d.fix.edits.map((e) => ({ from: e.start16, to: e.end16, insert: e.content })));
  const before = source();
  const after = changes.apply(view.state.doc).toString();
  openFixDialog({
    title: d.fix.title,
    subtitle: `${d.code} ${d.name} · ${d.fix.applicability} fix · line ${d.line}`,
    diff: dw.diff(before, after),
    apply: () => view.dispatch({ changes, userEvent: 'input.fix', scrollIntoView: true }),
  });
}

function previewFixAll() {
  if (!fresh()) return;
  const unsafe = $('#unsafe').checked;
  const result = dw.fix(source(), options({ unsafe }));
  if (!result.changed) {
    const syntax = state.diagnostics.some((d) => d.name === 'syntax-error');
    toast(syntax ? 'Fixes apply only to a file without syntax errors: fix those first.' : 'Nothing to fix automatically.');
    return;
  }
  openFixDialog({
    title: unsafe ? 'Apply all fixes' : 'Apply all safe fixes',
    subtitle: `${plural(result.applied.length, 'fix', 'fixes')} · ${plural(result.remaining.length, 'finding')} would remain`,
    applied: result.applied,
    diff: result.diff,
    apply: () => replaceSource(result.output, 'input.fix'),
  });
}

function openFixDialog({ title, subtitle, applied = [], diff, apply }) {
  $('#fix-title').textContent = title;
  $('#fix-subtitle').textContent = subtitle;
  $('#fix-applied').replaceChildren(
    ...applied.map((a) => el('li', { dataset: { rule: a.name } }, [el('code', {}, [a.code]), ' ', ...inline(a.title)])),
  );
  $('#fix-applied').hidden = applied.length === 0;
  $('#diff-view').replaceChildren(renderDiff(diff));
  state.pendingFix = apply;
  $('#fix-dialog').showModal();
  $('#apply-fix').focus();
}

function onFixDialogClose() {
  const apply = state.pendingFix;
  state.pendingFix = null;
  if ($('#fix-dialog').returnValue === 'apply' && apply) {
    apply();
    runCheck();
    toast('Fix applied. Undo with Ctrl+Z.');
  }
  view.focus();
}

/** Replaces the editor text with one change covering only what differs (keeps undo tidy). */
function replaceSource(text, userEvent) {
  const old = source();
  let start = 0;
  while (start < old.length && start < text.length && old[start] === text[start]) start++;
  let end = 0;
  while (end < old.length - start && end < text.length - start && old[old.length - 1 - end] === text[text.length - 1 - end]) end++;
  view.dispatch({ changes: { from: start, to: old.length - end, insert: text.slice(start, text.length - end) }, userEvent });
}

// ---- rules and docs -------------------------------------------------------------------------

function renderRules() {
  const filter = $('#rule-filter').value.trim().toLowerCase();
  const matches = state.rules.filter((r) =>
    !filter || [r.code, r.name, r.category, r.summary, ...r.aliases].some((s) => s.toLowerCase().includes(filter)));
  $('#rule-list').replaceChildren(
    ...matches.map((r) =>
      el('li', { dataset: { rule: r.name } }, [
        el('button', { type: 'button', class: 'rule', onclick: () => showDocs(r.name) }, [
          el('div', { class: 'rule-head' }, [
            el('code', {}, [r.code]),
            el('span', { class: 'rule-name' }, [r.name]),
            el('span', { class: `sev-pill sev-${r.severity}` }, [r.severity]),
            r.fix !== 'none' && el('span', { class: `pill fix-${r.fix}` }, [r.fix === 'safe' ? 'fix' : 'unsafe fix']),
            !r.default_enabled && el('span', { class: 'pill off' }, ['off by default']),
          ]),
          el('p', { class: 'rule-summary' }, inline(r.summary)),
        ]),
      ]),
    ),
  );
}

function showDocs(name) {
  const doc = dw.explain(name);
  const article = $('#docs');
  article.dataset.rule = doc.name;
  article.replaceChildren(
    el('header', { class: 'docs-head' }, [
      el('div', { class: 'docs-title' }, [el('h2', {}, [doc.name]), el('code', {}, [doc.code])]),
      el('p', { class: 'docs-summary' }, inline(doc.summary)),
      el('div', { class: 'pills' }, [
        el('span', { class: 'pill' }, [doc.category]),
        el('span', { class: `sev-pill sev-${doc.severity}` }, [doc.severity]),
        el('span', { class: `pill fix-${doc.fix}` }, [doc.fix === 'none' ? 'no fix' : `${doc.fix} fix`]),
        !doc.default_enabled && el('span', { class: 'pill off' }, ['off by default']),
      ]),
      doc.aliases.length > 0
        && el('p', { class: 'aliases' }, ['Also known as ', ...doc.aliases.flatMap((a, i) => [i ? ', ' : '', el('code', {}, [a])])]),
    ]),
    renderMarkdown(doc.docs, (code, lang) =>
      lang === 'dockerfile'
        ? el('button', { type: 'button', class: 'btn small ghost open-example', onclick: () => loadSource(code, 'Loaded the example from the docs.') }, ['Open in editor'])
        : null),
  );
  selectTab('docs');
  $('[data-panel="docs"]').scrollTop = 0;
}

// ---- model ----------------------------------------------------------------------------------

function renderModel() {
  const text = source();
  const model = dw.parse(text);
  const lines = text.split('\n');
  const row = (ins) =>
    el('tr', { tabindex: '0', dataset: { line: String(ins.line) }, onclick: () => jumpToLine(ins.line) }, [
      el('td', { class: 'num' }, [String(ins.line)]),
      el('td', { class: 'kw' }, [ins.keyword]),
      el('td', { class: 'src' }, [(lines[ins.line - 1] ?? '').replace(/\r$/, '').trim().replace(/^\S+\s*/, '').slice(0, 80)]),
    ]);
  const sections = [];
  const global = model.global_args.map((i) => model.instructions[i]);
  if (global.length) sections.push(el('section', { class: 'stage' }, [el('h3', {}, ['Global ARGs']), el('table', {}, global.map(row))]));
  for (const stage of model.stages) {
    sections.push(
      el('section', { class: 'stage' }, [
        el('h3', {}, [
          el('span', {}, [`Stage ${stage.index}`]),
          stage.name && el('span', { class: 'stage-name' }, [stage.name]),
          el('span', { class: 'muted' }, ['from']),
          el('code', {}, [stage.base]),
        ]),
        el('table', {}, model.instructions.slice(stage.from, stage.end).map(row)),
      ]),
    );
  }
  if (model.errors.length) {
    sections.push(
      el('section', { class: 'stage errors' }, [
        el('h3', {}, [plural(model.errors.length, 'syntax error')]),
        el('ul', {}, model.errors.map((e) => el('li', { onclick: () => jumpToLine(e.line) }, [el('span', { class: 'num' }, [`Ln ${e.line}`]), ` ${e.message}`]))),
      ]),
    );
  }
  sections.push(
    el('details', { class: 'raw' }, [
      el('summary', {}, ['Raw JSON (', el('code', {}, ['parse()']), ', byte offsets)']),
      el('pre', {}, [JSON.stringify(model, null, 2)]),
    ]),
  );
  $('#model').replaceChildren(
    el('p', { class: 'muted' }, [`${plural(model.instructions.length, 'instruction')} in ${plural(model.stages.length, 'stage')}. Click a row to jump to it.`]),
    ...sections,
  );
}

function jumpToLine(number) {
  const line = view.state.doc.line(Math.min(number, view.state.doc.lines));
  view.dispatch({ selection: { anchor: line.from }, effects: EditorView.scrollIntoView(line.from, { y: 'center' }) });
  view.focus();
}

// ---- config ---------------------------------------------------------------------------------

function applyConfigText(text) {
  state.configText = text;
  const box = $('#config-error');
  let config;
  try {
    config = text.trim() ? JSON.parse(text) : {};
    dw.check('', { config });
  } catch (e) {
    box.replaceChildren(
      el('strong', {}, e.name === 'ConfigError' ? ['Config error', ...(e.key ? [' in ', el('code', {}, [e.key])] : [])] : ['Not valid JSON']),
      el('span', {}, inline(e.message)),
      el('span', { class: 'muted' }, ['The last valid config stays in force.']),
    );
    box.hidden = false;
    return;
  }
  box.hidden = true;
  state.config = config && typeof config === 'object' && Object.keys(config).length ? config : null;
  $('#config-dot').hidden = !state.config;
  runCheck();
}

function setConfigText(text) {
  $('#config').value = text;
  applyConfigText(text);
}

// ---- loading, saving, sharing ---------------------------------------------------------------

function loadSource(text, message) {
  replaceSource(text, 'load');
  view.dispatch({ selection: { anchor: 0 }, scrollIntoView: true });
  clearFragment();
  runCheck();
  if (message) toast(message);
}

function save() {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ source: state.checked, configText: state.configText }));
  } catch {
    // Storage can be full or disabled (private windows); the playground works without it.
  }
}

function saved() {
  try {
    const value = JSON.parse(localStorage.getItem(STORAGE_KEY));
    return typeof value?.source === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** Shows the source of a share link in the URL fragment; false when there is none. */
async function loadFragment() {
  if (location.hash.length < 2) return false;
  try {
    const shared = await decodeFragment(location.hash);
    if (!shared) return false;
    setConfigText(shared.configText || '{}');
    replaceSource(shared.source, 'load');
    view.dispatch({ selection: { anchor: 0 } });
    runCheck();
    return true;
  } catch {
    toast('This share link is damaged; it could not be read.');
    return false;
  }
}

/** An edited file is no longer the shared one: drop the fragment so a reload keeps the edits. */
function clearFragment() {
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
}

async function share() {
  const fragment = await encodeFragment(source(), state.config ? state.configText : '');
  history.replaceState(null, '', `#${fragment}`);
  const url = location.href;
  const box = $('#share-box');
  $('#share-url').value = url;
  box.hidden = false;
  $('#share-url').select();
  try {
    await navigator.clipboard.writeText(url);
    $('#share-note').textContent = `Copied to the clipboard (${url.length} characters).`;
  } catch {
    $('#share-note').textContent = 'Copy the link above.';
  }
}

// ---- chrome ---------------------------------------------------------------------------------

function selectTab(name) {
  state.tab = name;
  for (const tab of document.querySelectorAll('[role="tab"]')) tab.setAttribute('aria-selected', String(tab.dataset.tab === name));
  for (const panel of document.querySelectorAll('[data-panel]')) panel.hidden = panel.dataset.panel !== name;
  if (name === 'model') renderModel();
}

let toastTimer = 0;
function toast(message) {
  const node = $('#toast');
  node.textContent = message;
  node.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { node.hidden = true; }, 3500);
}

function onEditorUpdate(update) {
  if (update.docChanged) {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(runCheck, CHECK_DELAY_MS);
    if (update.transactions.some((tr) => tr.isUserEvent('input') || tr.isUserEvent('delete') || tr.isUserEvent('move'))) {
      clearFragment();
    }
  }
  if (update.selectionSet || update.docChanged) {
    const head = update.state.selection.main.head;
    const line = update.state.doc.lineAt(head);
    $('#cursor').textContent = `Ln ${line.number}, Col ${head - line.from + 1}`;
  }
}

function wire() {
  $('#diagnostics').addEventListener('click', onFindingClick);
  $('#diagnostics').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target.matches('li.finding')) onFindingClick(e);
  });
  $('#fix-all').addEventListener('click', previewFixAll);
  $('#unsafe').addEventListener('change', updateFixAll);
  $('#fix-dialog').addEventListener('close', onFixDialogClose);
  $('#rule-filter').addEventListener('input', renderRules);
  for (const tab of document.querySelectorAll('[role="tab"]')) tab.addEventListener('click', () => selectTab(tab.dataset.tab));
  let configTimer = 0;
  $('#config').addEventListener('input', (e) => {
    clearTimeout(configTimer);
    configTimer = setTimeout(() => applyConfigText(e.target.value), 250);
  });
  for (const preset of document.querySelectorAll('[data-preset]')) {
    preset.addEventListener('click', () => setConfigText(JSON.stringify(JSON.parse(preset.dataset.preset), null, 2)));
  }
  const select = $('#examples');
  select.append(
    el('option', { value: '' }, ['Load an example…']),
    ...examples.map((x) => el('option', { value: x.id }, [x.title])),
  );
  select.addEventListener('change', () => {
    const example = examples.find((x) => x.id === select.value);
    if (example) loadSource(example.source, `Loaded “${example.title}”.`);
    select.value = '';
  });
  $('#share').addEventListener('click', share);
  document.addEventListener('click', (e) => {
    if (!e.target.closest('.share-wrap')) $('#share-box').hidden = true;
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') $('#share-box').hidden = true;
  });
  window.addEventListener('hashchange', loadFragment);
}

async function main() {
  await init({ module_or_path: new URL('./dockwright_wasm_bg.wasm', import.meta.url) });
  $('#version').textContent = `v${dw.version()}`;
  state.rules = dw.rules();
  $('#rules-count').textContent = state.rules.length;
  renderRules();
  // The first checks build the rule registry and get the engine's code compiled by the
  // optimizing tier; doing them now keeps the first keystrokes fast.
  for (const example of examples) dw.check(example.source);
  const last = saved();
  view = createEditor($('#editor'), '', onEditorUpdate);
  // The playground's objects, for the browser console.
  window.playground = { view, dockwright: dw };
  wire();
  if (!(await loadFragment())) {
    if (last) {
      setConfigText(last.configText || '{}');
      replaceSource(last.source, 'load');
    } else {
      replaceSource(examples[0].source, 'load');
    }
    runCheck();
  }
  document.body.dataset.ready = '1';
}

main().catch((error) => {
  document.body.dataset.ready = 'error';
  document.body.prepend(el('div', { class: 'fatal', role: 'alert' }, [`The playground could not start: ${error.message}`]));
  throw error;
});
