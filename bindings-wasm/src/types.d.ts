
/**
 * Offsets: `span`, `Edit.start`/`end` and every offset in `parse()` output are UTF-8 byte
 * offsets into the source, as in the CLI's JSON. JS strings index by UTF-16 code unit, so
 * diagnostics also carry `span16` and edits `start16`/`end16`: use those with
 * `source.slice()` and in editors. They differ as soon as the text has a non-ASCII character.
 * Lines and columns are 1-based; columns count Unicode code points.
 */

/** A half-open range `[start, end)`. */
export interface Span {
  start: number;
  end: number;
}

export type Severity = "error" | "warning" | "info" | "style";

/** `safe` fixes keep the build's result; `unsafe` ones probably do what was meant but change the image. */
export type Applicability = "safe" | "unsafe";

export type Category = "correctness" | "image-size" | "security" | "layers" | "style" | "reproducibility";

/** Replace `start..end` (bytes; `start16..end16` in UTF-16 units) with `content`. */
export interface Edit {
  start: number;
  end: number;
  content: string;
  start16: number;
  end16: number;
}

/** Edits that together fix one finding; sorted, never overlapping. */
export interface Fix {
  applicability: Applicability;
  title: string;
  edits: Edit[];
}

/** One finding: the fields of `dockwright check --format json`, plus `span16`. */
export interface Diagnostic {
  /** Only when `options.path` was given, as the CLI's `file`. */
  file?: string;
  /** Stable code, e.g. `DW203`. */
  code: string;
  /** Stable kebab-case name, e.g. `expose-ssh-port`. */
  name: string;
  severity: Severity;
  message: string;
  /** UTF-8 byte offsets. */
  span: Span;
  line: number;
  column: number;
  end_line: number;
  end_column: number;
  help: string | null;
  fix: Fix | null;
  /** `span` in UTF-16 code units. */
  span16: Span;
}

/** Formats a label value can be required to have (`label-schema`). */
export type LabelType = "text" | "url" | "semver" | "hash" | "rfc3339" | "spdx" | "email";

/** The keys of `.dockwright.toml`. Unknown keys and unknown rules throw a `ConfigError`. */
export interface Config {
  /** Rules to run instead of the default set: names, codes, aliases, categories, code prefixes (`DW3`), `default` or `all`. */
  select?: string[];
  /** Rules to run in addition to `select` (or the default set). */
  "extend-select"?: string[];
  /** Rules never to run. */
  ignore?: string[];
  /** Per-rule severity overrides, e.g. `{ "apt-version-pinning": "info" }`. */
  severity?: Record<string, Severity>;
  /** The lowest severity that makes `dockwright check` fail (not used by the JS API itself). */
  "fail-level"?: Severity;
  /** The stage that is built (`docker build --target`); the last one when unset. */
  target?: string;
  /** Ignore inline `# dockwright ignore=` / `# hadolint ignore=` comments. */
  "disable-inline-ignores"?: boolean;
  /** Registries base images may come from (`docker.io`, `*.gcr.io`); unset means any. */
  "trusted-registries"?: string[];
  /** Labels every final image must carry, with the format of their value. */
  "label-schema"?: Record<string, LabelType>;
  /** Report labels that are not in `label-schema`. */
  "strict-labels"?: boolean;
}

export interface CheckOptions {
  /** The keys of `.dockwright.toml`; the default rules when absent. */
  config?: Config | null;
  /** Labels the diagnostics (their `file`) and the diff; nothing is read from disk. */
  path?: string;
}

export interface FixOptions extends CheckOptions {
  /** Also apply unsafe fixes (as `--unsafe-fixes`). */
  unsafe?: boolean;
}

/** A fix that `fix()` applied or withheld. */
export interface AppliedFix {
  code: string;
  name: string;
  title: string;
}

export interface FixResult {
  /** The fixed text (the input itself when nothing applied). */
  output: string;
  /** Whether `output` differs from the input. */
  changed: boolean;
  /** The fixes applied, in order. */
  applied: AppliedFix[];
  /** Fixes left out because they made the file unreadable: a bug in their rule, to report. */
  withheld: AppliedFix[];
  /** False when fixes were still changing the text after the last round (a bug, to report). */
  converged: boolean;
  /** What is still reported on `output` (offsets into `output`). */
  remaining: Diagnostic[];
  /** A unified diff from the input to `output`; empty when unchanged. */
  diff: string;
}

/** Whether and how a rule can fix what it finds. */
export type FixKind = "none" | "safe" | "unsafe";

/** A rule, as `dockwright rules --format json` lists it. */
export interface RuleInfo {
  code: string;
  name: string;
  category: Category;
  /** The default severity (config can override it). */
  severity: Severity;
  /** Ids of the same check in other tools: hadolint `DL`, BuildKit, Trivy `DS-`, Checkov `CKV_DOCKER_`. */
  aliases: string[];
  /** One line. */
  summary: string;
  fix: FixKind;
  fixable: boolean;
  /** Whether the rule runs without being selected explicitly. */
  default_enabled: boolean;
}

/** `explain()`: a rule and its documentation. */
export interface RuleDoc extends RuleInfo {
  /** Markdown: What it does, Why, Example, Use instead, Fix. */
  docs: string;
}

/** A heredoc of an instruction. */
export interface Heredoc {
  /** The delimiter word, quotes removed. */
  name: string;
  /** The raw lines between the instruction and the terminator, line endings included. */
  body: string;
  /** `<<-`: leading tabs are stripped. */
  chomp: boolean;
  /** Whether variables in the body are expanded. */
  expand: boolean;
  /** A file-descriptor prefix such as the `3` in `3<<EOF`. */
  fd: number | null;
  marker_span: Span;
  body_span: Span;
  terminator_span: Span;
}

export interface Instruction {
  /** Upper case; unknown instructions as written, upper-cased. */
  keyword: string;
  line: number;
  end_line: number;
  span: Span;
  /** As written, e.g. `--from=build`. */
  flags: string[];
  flag_spans: Span[];
  heredocs: Heredoc[];
  /** The typed arguments; their shape depends on the instruction. */
  args: Record<string, unknown> | null;
  args_span: Span;
}

export interface Stage {
  index: number;
  /** The name after `AS`, lower-cased. */
  name: string | null;
  /** The base image as written. */
  base: string;
  /** The earlier stage this one builds on. */
  base_stage: number | null;
  /** Index of the `FROM` instruction. */
  from: number;
  /** One past the last instruction of the stage. */
  end: number;
}

export interface Directive {
  kind: "syntax" | "escape" | "check";
  name: string;
  value: string;
  span: Span;
  name_span: Span;
  value_span: Span;
}

export interface Comment {
  /** What follows the `#`. */
  text: string;
  span: Span;
}

export interface SyntaxError {
  message: string;
  span: Span;
  line: number;
  column: number;
  end_line: number;
  end_column: number;
}

/** A top-level item; the items' spans tile the whole file. */
export type Item =
  | { kind: "directive" | "comment" | "instruction"; index: number; span: Span }
  | { kind: "blank"; span: Span };

/** The typed model, as `dockwright parse` prints it. */
export interface ParsedDockerfile {
  /** The escape character in force. */
  escape: string;
  directives: Directive[];
  comments: Comment[];
  instructions: Instruction[];
  stages: Stage[];
  /** Indices of the `ARG`s before the first `FROM`. */
  global_args: number[];
  errors: SyntaxError[];
  items: Item[];
}

/** Thrown for a bad `options.config`; `key` names the offending key when known. */
export interface ConfigError extends Error {
  name: "ConfigError";
  key?: string;
}

/** Thrown by `decode()`; `offset` is the byte offset of the first bad byte. */
export interface DecodeError extends Error {
  name: "DecodeError";
  offset: number;
}
