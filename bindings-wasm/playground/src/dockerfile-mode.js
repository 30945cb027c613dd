// Syntax highlighting for Dockerfiles: instructions, flags, variables, strings, comments,
// parser directives and heredoc bodies. Only colours: every real judgement comes from the
// linter. (The legacy CodeMirror mode knows neither heredocs nor flags nor variables.)
import { StreamLanguage } from '@codemirror/language';

const INSTRUCTIONS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

const HEREDOC = /^<<(-?)(["']?)([A-Za-z_][\w.-]*)\2/;

function startState() {
  return {
    instruction: null, // the keyword of the instruction being read, or null between them
    continued: false, // the line read last ended with a line continuation
    continuation: false, // the current line continues an instruction
    seenInstruction: false, // parser directives only count before the first instruction
    pending: [], // heredocs opened on the current instruction line: { name, chomp }
    heredocs: [], // heredocs whose bodies are being read
  };
}

function copyState(s) {
  return { ...s, pending: s.pending.slice(), heredocs: s.heredocs.slice() };
}

function token(stream, state) {
  if (stream.sol()) {
    if (!state.continued && state.pending.length) {
      state.heredocs = state.pending;
      state.pending = [];
    }
    if (state.heredocs.length) return heredocLine(stream, state);
    state.continuation = state.continued;
    if (!state.continued) state.instruction = null;
    state.continued = false;
  }
  if (stream.eatSpace()) return null;
  // A `#` first on a line is a comment, inside a continuation too (BuildKit drops those lines).
  if (stream.peek() === '#' && stream.column() === stream.indentation()) {
    const directive = !state.seenInstruction && /^#\s*(syntax|escape|check)\s*=/i.test(stream.string);
    stream.skipToEnd();
    state.continued = state.continuation;
    return directive ? 'meta' : 'comment';
  }
  if (state.instruction === null) {
    const word = stream.match(/^[A-Za-z]+/);
    if (word) {
      state.seenInstruction = true;
      state.instruction = word[0].toUpperCase();
      return INSTRUCTIONS.has(state.instruction) ? 'keyword' : 'invalid';
    }
  }
  return argument(stream, state);
}

function heredocLine(stream, state) {
  const { name, chomp } = state.heredocs[0];
  const line = chomp ? stream.string.replace(/^\t+/, '') : stream.string;
  stream.skipToEnd();
  if (line.replace(/\r$/, '') === name) {
    state.heredocs.shift();
    if (!state.heredocs.length) state.instruction = null;
    return 'labelName';
  }
  return 'string.special';
}

function argument(stream, state) {
  if (stream.match(/^\\\s*$/)) {
    state.continued = true;
    return 'escape';
  }
  // ONBUILD is followed by the instruction it triggers.
  if (state.instruction === 'ONBUILD') {
    const word = stream.match(/^[A-Za-z]+/);
    if (word) {
      state.instruction = word[0].toUpperCase();
      return INSTRUCTIONS.has(state.instruction) ? 'keyword' : 'invalid';
    }
  }
  if (stream.match(/^--[A-Za-z][\w-]*/)) return 'attributeName';
  const heredoc = stream.match(HEREDOC);
  if (heredoc && ['RUN', 'COPY', 'ADD'].includes(state.instruction)) {
    state.pending.push({ name: heredoc[3], chomp: heredoc[1] === '-' });
    return 'labelName';
  }
  if (heredoc) return null;
  const quote = stream.peek();
  if (quote === '"' || quote === "'") {
    stream.next();
    let escaped = false;
    for (let c = stream.next(); c != null; c = stream.next()) {
      if (c === quote && !escaped) break;
      escaped = !escaped && c === '\\' && quote === '"';
    }
    return 'string';
  }
  if (stream.match(/^\$\{[^}]*\}?/) || stream.match(/^\$[A-Za-z_]\w*/)) return 'variableName.special';
  if (stream.match(/^(&&|\|\||[|;])/)) return 'operator';
  if (state.instruction === 'FROM' && stream.match(/^as\b/i)) return 'keyword';
  if (stream.match(/^[[\],]/)) return 'punctuation';
  if (stream.match(/^\d+(\/(tcp|udp))?(?=\s|$)/)) return 'number';
  if (stream.match(/^[^\s"'$\\[\],;&|]+/)) return null;
  stream.next();
  return null;
}

export const dockerfile = StreamLanguage.define({
  name: 'dockerfile',
  startState,
  copyState,
  token,
  languageData: { commentTokens: { line: '#' } },
});
