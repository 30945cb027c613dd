// Renders the core's unified diff (`diff()` / `fix().diff`) as a table with old and new line
// numbers, additions and deletions coloured.

function cell(tag, className, text) {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  return node;
}

/** A `<table>` for a unified diff; the `---`/`+++` header lines are left out. */
export function renderDiff(unified) {
  const table = document.createElement('table');
  table.className = 'diff';
  let oldLine = 0;
  let newLine = 0;
  for (const raw of unified.split('\n')) {
    if (raw === '' || raw.startsWith('--- ') || raw.startsWith('+++ ')) continue;
    const row = document.createElement('tr');
    const hunk = raw.match(/^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/);
    if (hunk) {
      oldLine = Number(hunk[1]);
      newLine = Number(hunk[2]);
      row.className = 'hunk';
      row.append(cell('td', 'num', '⋯'), cell('td', 'num', '⋯'), cell('td', 'sign', ''), cell('td', 'text', raw));
    } else if (raw.startsWith('\\')) {
      row.className = 'note';
      row.append(cell('td', 'num', ''), cell('td', 'num', ''), cell('td', 'sign', ''), cell('td', 'text', raw.slice(2)));
    } else {
      const sign = raw[0];
      const kind = sign === '+' ? 'add' : sign === '-' ? 'del' : 'ctx';
      row.className = kind;
      const text = raw.slice(1).replace(/\r$/, '');
      row.append(
        cell('td', 'num', kind === 'add' ? '' : String(oldLine++)),
        cell('td', 'num', kind === 'del' ? '' : String(newLine++)),
        cell('td', 'sign', kind === 'ctx' ? '' : sign),
        cell('td', 'text', text),
      );
    }
    table.append(row);
  }
  return table;
}
