// The CodeMirror 6 editor: extensions, theme and Dockerfile highlighting.
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { HighlightStyle, bracketMatching, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, lintKeymap } from '@codemirror/lint';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { EditorState } from '@codemirror/state';
import {
  EditorView, drawSelection, dropCursor, highlightActiveLine, highlightActiveLineGutter,
  highlightSpecialChars, keymap, lineNumbers, rectangularSelection,
} from '@codemirror/view';
import { tags as t } from '@lezer/highlight';

import { dockerfile } from './dockerfile-mode.js';

export const highlightStyle = HighlightStyle.define([
  { tag: t.keyword, color: 'var(--syn-keyword)', fontWeight: '600' },
  { tag: t.invalid, color: 'var(--syn-invalid)', textDecoration: 'underline wavy' },
  { tag: t.comment, color: 'var(--syn-comment)', fontStyle: 'italic' },
  { tag: t.meta, color: 'var(--syn-meta)' },
  { tag: t.string, color: 'var(--syn-string)' },
  { tag: t.special(t.string), color: 'var(--syn-heredoc)' },
  { tag: t.labelName, color: 'var(--syn-label)', fontWeight: '600' },
  { tag: t.attributeName, color: 'var(--syn-flag)' },
  { tag: t.special(t.variableName), color: 'var(--syn-variable)' },
  { tag: t.number, color: 'var(--syn-number)' },
  { tag: [t.operator, t.escape], color: 'var(--syn-operator)' },
  { tag: t.punctuation, color: 'var(--syn-punct)' },
]);

const theme = EditorView.theme(
  {
    '&': { height: '100%', fontSize: '13.5px', backgroundColor: 'var(--editor-bg)', color: 'var(--text)' },
    '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.6' },
    '.cm-content': { caretColor: 'var(--accent)', padding: '10px 0' },
    '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--accent)', borderLeftWidth: '2px' },
    '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground':
      { backgroundColor: 'var(--selection)' },
    '.cm-activeLine': { backgroundColor: 'var(--active-line)' },
    '.cm-gutters': {
      backgroundColor: 'var(--editor-bg)', color: 'var(--gutter-text)', border: 'none',
      borderRight: '1px solid var(--border-soft)',
    },
    '.cm-activeLineGutter': { backgroundColor: 'var(--active-line)', color: 'var(--text)' },
    '.cm-lineNumbers .cm-gutterElement': { padding: '0 10px 0 14px' },
    '.cm-gutter-lint': { width: '1.3em' },
    '.cm-tooltip': {
      backgroundColor: 'var(--panel-raised)', border: '1px solid var(--border)', borderRadius: '8px',
      boxShadow: '0 10px 30px rgba(0,0,0,.45)', overflow: 'hidden',
    },
    '.cm-tooltip-lint': { padding: '0' },
    '.cm-diagnostic': { padding: '8px 12px', borderLeftWidth: '3px', maxWidth: '520px', fontFamily: 'var(--sans)' },
    '.cm-diagnostic-error': { borderLeftColor: 'var(--error)' },
    '.cm-diagnostic-warning': { borderLeftColor: 'var(--warning)' },
    '.cm-diagnostic-info': { borderLeftColor: 'var(--info)' },
    '.cm-diagnostic-hint': { borderLeftColor: 'var(--style)' },
    '.cm-diagnosticAction': {
      backgroundColor: 'var(--accent-strong)', color: '#fff', borderRadius: '5px', padding: '2px 10px',
      marginTop: '6px', font: '600 12px var(--sans)',
    },
    '.cm-diagnosticSource': { display: 'none' },
    '.cm-lintRange-error': { backgroundImage: 'var(--squiggle-error)' },
    '.cm-lintRange-warning': { backgroundImage: 'var(--squiggle-warning)' },
    '.cm-lintRange-info': { backgroundImage: 'var(--squiggle-info)' },
    '.cm-lintRange-hint': { backgroundImage: 'var(--squiggle-style)' },
    '.cm-lintRange-active': { backgroundColor: 'var(--lint-active)' },
    '.cm-panels': { backgroundColor: 'var(--panel)', color: 'var(--text)' },
    '.cm-panels.cm-panels-bottom': { borderTop: '1px solid var(--border)' },
    '.cm-searchMatch': { backgroundColor: 'var(--search-match)' },
    '.cm-selectionMatch': { backgroundColor: 'var(--selection-match)' },
    '.cm-matchingBracket': { backgroundColor: 'var(--selection-match)', outline: '1px solid var(--border)' },
  },
  { dark: true },
);

/** An editor in `parent` holding `doc`; `onUpdate` sees every view update. */
export function createEditor(parent, doc, onUpdate) {
  return new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        lintGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        dropCursor(),
        rectangularSelection(),
        bracketMatching(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        dockerfile,
        syntaxHighlighting(highlightStyle),
        theme,
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': 'Dockerfile', spellcheck: 'false' }),
        keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, ...lintKeymap, indentWithTab]),
        EditorView.updateListener.of(onUpdate),
      ],
    }),
  });
}
