//! curl and wget: what they fetch, where it goes, and whether it is run.

use crate::shell::{Command, Invocation, Opt, OptionSpec, OptionValue, Options, Script};

use super::{PickedWords, ToolIndex, ValueIndex, is_shell, word_index};

/// The download tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DownloadTool {
    /// `curl`: writes to standard output unless told otherwise.
    Curl,
    /// `wget`: writes to a file unless told otherwise (`-O -`).
    Wget,
}

impl DownloadTool {
    /// The tool a command name runs, if it is one.
    pub(crate) fn named(name: &str) -> Option<DownloadTool> {
        match name {
            "curl" => Some(DownloadTool::Curl),
            "wget" => Some(DownloadTool::Wget),
            _ => None,
        }
    }
}

/// A curl or wget command.
#[derive(Debug, Clone)]
pub struct Download<'a, 's> {
    /// Which tool.
    pub tool: DownloadTool,
    /// The URLs: positional arguments (and curl's `--url` values).
    pub urls: PickedWords<'a, 's>,
    /// The output file: curl's `-o`/`--output`, wget's `-O`/`--output-document` (`-` is
    /// standard output).
    pub output: Option<OptionValue<'a, 's>>,
    /// curl's `-O`/`--remote-name`/`--remote-name-all`: saved under the URL's file name.
    pub remote_name: bool,
    /// The body goes to standard output: curl without an output option, wget with `-O -`.
    pub to_stdout: bool,
    /// Certificate checks are off: curl's `-k`/`--insecure`, wget's `--no-check-certificate`.
    pub insecure: bool,
    /// The invocation from `curl`/`wget` on, after wrappers.
    pub invocation: Invocation<'a, 's>,
}

const CURL: &[&str] = &[
    "-o",
    "-d",
    "-H",
    "-u",
    "-X",
    "-A",
    "-e",
    "-F",
    "-T",
    "-b",
    "-c",
    "-m",
    "-w",
    "-x",
    "-C",
    "-r",
    "-E",
    "-K",
    "-Q",
    "-U",
    "-Y",
    "-y",
    "-z",
    "-t",
    "-P",
    "--output",
    "--data",
    "--data-raw",
    "--data-binary",
    "--data-urlencode",
    "--data-ascii",
    "--json",
    "--header",
    "--user",
    "--request",
    "--user-agent",
    "--referer",
    "--form",
    "--form-string",
    "--upload-file",
    "--cookie",
    "--cookie-jar",
    "--max-time",
    "--write-out",
    "--proxy",
    "--proxy-user",
    "--continue-at",
    "--range",
    "--cert",
    "--cacert",
    "--capath",
    "--key",
    "--pass",
    "--config",
    "--connect-timeout",
    "--retry",
    "--retry-delay",
    "--retry-max-time",
    "--limit-rate",
    "--max-filesize",
    "--output-dir",
    "--url",
    "--resolve",
    "--connect-to",
    "--interface",
    "--dns-servers",
    "--proto",
    "--proto-redir",
    "--proto-default",
    "--ciphers",
    "--ftp-port",
    "--max-redirs",
    "--speed-limit",
    "--speed-time",
    "--time-cond",
    "--oauth2-bearer",
    "--tls-max",
    "--expect100-timeout",
    "--keepalive-time",
    "--trace",
    "--trace-ascii",
    "--stderr",
    "--dump-header",
    "-D",
    "--variable",
    "--create-file-mode",
    "--pinnedpubkey",
    "--netrc-file",
    "--unix-socket",
    "--local-port",
    "--happy-eyeballs-timeout-ms",
];

const WGET: &[&str] = &[
    "-O",
    "-o",
    "-a",
    "-P",
    "-t",
    "-T",
    "-w",
    "-e",
    "-i",
    "-B",
    "-U",
    "-Q",
    "-l",
    "-A",
    "-R",
    "-D",
    "-I",
    "-X",
    "--output-document",
    "--output-file",
    "--append-output",
    "--directory-prefix",
    "--tries",
    "--timeout",
    "--wait",
    "--waitretry",
    "--execute",
    "--input-file",
    "--base",
    "--user-agent",
    "--quota",
    "--level",
    "--accept",
    "--reject",
    "--domains",
    "--exclude-domains",
    "--include-directories",
    "--exclude-directories",
    "--header",
    "--user",
    "--password",
    "--http-user",
    "--http-password",
    "--post-data",
    "--post-file",
    "--ca-certificate",
    "--certificate",
    "--private-key",
    "--load-cookies",
    "--save-cookies",
    "--limit-rate",
    "--method",
    "--body-data",
    "--body-file",
    "--referer",
    "--progress",
    "--dns-timeout",
    "--connect-timeout",
    "--read-timeout",
    "--restrict-file-names",
    "--secure-protocol",
    "--ca-directory",
    "--bind-address",
    "--proxy-user",
    "--proxy-password",
    "--default-page",
    "--cut-dirs",
    "--local-encoding",
    "--remote-encoding",
];

impl DownloadTool {
    fn spec(self) -> OptionSpec<'static> {
        OptionSpec {
            takes_value: match self {
                DownloadTool::Curl => CURL,
                DownloadTool::Wget => WGET,
            },
            single_dash_long: false,
            stop_at_positional: false,
        }
    }
}

/// Reads a curl or wget command; `None` for any other command.
///
/// The reading is made once, when the shell parser sets the command's words (see
/// [`DownloadIndex`]); this only rebuilds the borrowed view.
// Inlined: rules ask about every command, most of which are no such command.
#[inline]
pub fn download<'a, 's>(command: &'a Command<'s>) -> Option<Download<'a, 's>> {
    match command.tool.as_deref() {
        Some(ToolIndex::Download(d)) => Some(d.view(command)),
        _ => None,
    }
}

/// A [`Download`] kept by word indices (see [`word_index`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DownloadIndex {
    tool: DownloadTool,
    urls: Vec<usize>,
    output: Option<ValueIndex>,
    remote_name: bool,
    to_stdout: bool,
    insecure: bool,
    /// Where the invocation starts in the command's words.
    start: usize,
}

impl DownloadIndex {
    /// Reads a command whose words are set.
    pub(crate) fn of(command: &Command<'_>) -> Option<DownloadIndex> {
        let words = &command.words;
        let invocation = command.unwrap_wrappers();
        let tool = DownloadTool::named(invocation.name()?)?;
        let mut urls = Vec::new();
        let mut output = None;
        let mut remote_name = false;
        let mut insecure = false;
        let mut wget_quiet_stdout = false;
        for opt in Options::new(invocation.args(), tool.spec()) {
            match (tool, &opt) {
                (_, Opt::Positional(word)) => urls.push(word_index(words, word)),
                (DownloadTool::Curl, Opt::Long { name: "--url", value: Some(v), .. }) => {
                    urls.push(word_index(words, v.word))
                }
                (DownloadTool::Curl, o) if o.is(Some('o'), &["--output"]) => output = o.value().cloned(),
                (DownloadTool::Curl, o) if o.is(Some('O'), &["--remote-name", "--remote-name-all"]) => {
                    remote_name = true
                }
                (DownloadTool::Curl, o) if o.is(Some('k'), &["--insecure"]) => insecure = true,
                (DownloadTool::Wget, o) if o.is(Some('O'), &["--output-document"]) => {
                    output = o.value().cloned()
                }
                (DownloadTool::Wget, o) if o.is(None, &["--no-check-certificate"]) => insecure = true,
                (DownloadTool::Wget, o) if o.is(None, &["--spider"]) => wget_quiet_stdout = true,
                _ => {}
            }
        }
        let output_is_stdout = output.as_ref().is_some_and(|o| o.value == "-");
        let to_stdout = match tool {
            DownloadTool::Curl => output.is_none() && !remote_name || output_is_stdout,
            DownloadTool::Wget => output_is_stdout && !wget_quiet_stdout,
        };
        Some(DownloadIndex {
            tool,
            urls,
            output: output.as_ref().map(|v| ValueIndex::of(words, v)),
            remote_name,
            to_stdout,
            insecure,
            start: invocation.wrappers.len(),
        })
    }

    fn view<'a, 's>(&'a self, command: &'a Command<'s>) -> Download<'a, 's> {
        let words = &command.words;
        let (wrappers, rest) = words.split_at(self.start);
        Download {
            tool: self.tool,
            urls: PickedWords { words, picked: &self.urls },
            output: self.output.map(|v| v.view(words)),
            remote_name: self.remote_name,
            to_stdout: self.to_stdout,
            insecure: self.insecure,
            invocation: Invocation { command, wrappers, words: rest },
        }
    }
}

impl<'a, 's> Download<'a, 's> {
    /// Whether an option is given, reading the arguments with the tool's options.
    pub fn has_option(&self, short: Option<char>, long: &[&str]) -> bool {
        Options::new(self.invocation.args(), self.tool.spec()).any(|o| o.is(short, long))
    }

    /// An HTTP error fails the command: curl's `-f`/`--fail`/`--fail-with-body`; wget always.
    pub fn fails_on_http_error(&self) -> bool {
        match self.tool {
            DownloadTool::Curl => self.has_option(Some('f'), &["--fail", "--fail-with-body"]),
            DownloadTool::Wget => true,
        }
    }

    /// Redirects are followed: curl's `-L`/`--location`; wget always.
    pub fn follows_redirects(&self) -> bool {
        match self.tool {
            DownloadTool::Curl => self.has_option(Some('L'), &["--location", "--location-trusted"]),
            DownloadTool::Wget => !self.has_option(None, &["--max-redirect=0"]),
        }
    }

    /// Progress output is off: curl's `-s`/`--silent`, wget's `-q`/`--quiet`/`-nv`.
    pub fn is_quiet(&self) -> bool {
        match self.tool {
            DownloadTool::Curl => self.has_option(Some('s'), &["--silent"]),
            DownloadTool::Wget => {
                self.has_option(Some('q'), &["--quiet", "--no-verbose"])
                    || self.invocation.args().iter().any(|w| w.value == "-nv")
            }
        }
    }
}

/// The command that runs what command `index` writes to its standard output as a program: a
/// shell or interpreter it is piped into (`curl -fsSL URL | sh`, `| sudo bash -s --`,
/// `| python3 -`), or the command whose script it is substituted into (`sh -c "$(curl URL)"`,
/// `bash <(curl URL)`, `eval "$(wget -qO- URL)"`, `. <(curl URL)`). `None` when its output is
/// only data (`curl URL | tar xz`, `python3 -c '...'` reading JSON).
pub fn executed_by<'a, 's>(script: &'a Script<'s>, index: usize) -> Option<&'a Command<'s>> {
    let command = script.commands.get(index)?;
    if command.piped_to_next {
        let reader = &script.commands[script.pipe_reader(index)?];
        return runs_stdin(reader).then_some(reader);
    }
    if !command.in_substitution {
        return None;
    }
    // The innermost command whose words hold this substitution.
    let within = |r: &std::ops::Range<usize>| r.start <= command.range.start && command.range.end <= r.end;
    let outer =
        script.commands[..index].iter().rev().find(|c| c.depth < command.depth && within(&c.range))?;
    let inv = outer.unwrap_wrappers();
    let runs = match inv.name()? {
        "eval" | "source" | "." => inv.args().iter().any(|w| within(&w.range)),
        name if is_shell(name) => {
            crate::shell::parse::script_argument(outer).is_some_and(|w| within(&w.range))
                || inv.args().iter().find(|w| !w.value.starts_with('-')).is_some_and(|w| within(&w.range))
        }
        _ => false,
    };
    runs.then_some(outer)
}

/// For an interpreter that runs a program read from standard input: the option that instead
/// gives the program on the command line.
fn interpreter_flag(name: &str) -> Option<char> {
    match name {
        "perl" | "ruby" | "node" | "nodejs" => Some('e'),
        "php" => Some('r'),
        _ if name.starts_with("python") && name[6..].bytes().all(|b| b.is_ascii_digit() || b == b'.') => {
            Some('c')
        }
        _ => None,
    }
}

/// Whether a pipe reader runs its standard input as a program.
fn runs_stdin(reader: &Command<'_>) -> bool {
    let inv = reader.unwrap_wrappers();
    let Some(name) = inv.name() else {
        return false;
    };
    let shell = is_shell(name);
    let flag = interpreter_flag(name);
    if !shell && flag.is_none() {
        return false;
    }
    let spec = OptionSpec {
        takes_value: if shell {
            &["-o", "+o", "-O", "+O", "--rcfile", "--init-file"]
        } else {
            &["-m", "-W", "-X", "-I", "-M"]
        },
        single_dash_long: false,
        stop_at_positional: true,
    };
    for opt in Options::new(inv.args(), spec) {
        match opt {
            Opt::Positional(word) => return matches!(word.value.as_ref(), "-" | "/dev/stdin"),
            o if shell && o.is(Some('s'), &[]) => return true,
            o if shell && o.is(Some('c'), &[]) => return false,
            o if !shell && (o.is(flag, &[]) || o.is(Some('m'), &[])) => return false,
            _ => {}
        }
    }
    true
}
