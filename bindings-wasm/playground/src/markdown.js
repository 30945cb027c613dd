// A small Markdown renderer for the rules' documentation: headings, paragraphs, lists, fenced
// code (Dockerfile blocks highlighted) and inline code, emphasis and links. It builds DOM nodes,
// never HTML strings, so no text can inject markup.
import { highlightCode } from '@lezer/highlight';

import { dockerfile } from './dockerfile-mode.js';
import { highlightStyle } from './editor.js';

function el(tag, className, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

const INLINE = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)|\*([^*\s][^*]*)\*/g;

/** Inline Markdown (code, emphasis, links) as nodes: messages use backticks for code too. */
export function inline(text) {
  const out = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    out.push(text.slice(last, m.index));
    if (m[1] !== undefined) out.push(el('code', null, [m[1]]));
    else if (m[2] !== undefined) out.push(el('strong', null, inline(m[2])));
    else if (m[3] !== undefined) {
      const a = el('a', null, inline(m[3]));
      if (/^https?:\/\//.test(m[4])) {
        a.href = m[4];
        a.target = '_blank';
        a.rel = 'noopener';
      }
      out.push(a);
    } else out.push(el('em', null, inline(m[5])));
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out.filter((n) => n !== '');
}

/** Highlighted Dockerfile code as a `<code>` element. */
export function highlightedCode(code) {
  const node = el('code');
  highlightCode(
    code,
    dockerfile.parser.parse(code),
    highlightStyle,
    (text, classes) => node.append(classes ? el('span', classes, [text]) : text),
    () => node.append('\n'),
  );
  return node;
}

/**
 * Renders Markdown into a fragment. `codeAction(code, lang)` may return an element (a button)
 * to attach to a fenced code block.
 */
export function renderMarkdown(markdown, codeAction) {
  const root = document.createDocumentFragment();
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  let paragraph = [];
  let list = null;
  const flush = () => {
    if (paragraph.length) root.append(el('p', null, inline(paragraph.join(' '))));
    paragraph = [];
    list = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = line.match(/^```\s*([\w-]*)/);
    if (fence) {
      flush();
      const body = [];
      for (i++; i < lines.length && !/^```/.test(lines[i]); i++) body.push(lines[i]);
      const code = body.join('\n');
      const lang = fence[1].toLowerCase();
      const pre = el('pre', 'code-block', [lang === 'dockerfile' ? highlightedCode(code) : el('code', null, [code])]);
      const action = codeAction?.(code, lang);
      root.append(action ? el('div', 'code-wrap', [pre, action]) : pre);
      continue;
    }
    const heading = line.match(/^(#{1,6})\s+(.*)$/);
    if (heading) {
      flush();
      // Rule docs start at `##`; inside the panel they sit under the rule's own title.
      const level = Math.min(6, heading[1].length + 1);
      root.append(el(`h${level}`, null, inline(heading[2])));
      continue;
    }
    const item = line.match(/^\s*(?:([-*])|(\d+)\.)\s+(.*)$/);
    if (item) {
      if (paragraph.length) flush();
      const tag = item[1] ? 'ul' : 'ol';
      if (!list || list.tagName.toLowerCase() !== tag) {
        list = el(tag);
        root.append(list);
      }
      list.append(el('li', null, inline(item[3])));
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    if (list && /^\s+\S/.test(line)) {
      list.lastChild.append(' ', ...inline(line.trim()));
      continue;
    }
    list = null;
    paragraph.push(line.trim());
  }
  flush();
  return root;
}
