//! User and group creation: useradd, adduser, groupadd, addgroup.

use crate::shell::{Command, Invocation, Opt, OptionSpec, OptionValue, Options, Word};

/// The account tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountTool {
    /// `useradd` (shadow-utils).
    Useradd,
    /// `adduser` (Debian's Perl script or BusyBox).
    Adduser,
    /// `groupadd` (shadow-utils).
    Groupadd,
    /// `addgroup` (Debian's Perl script or BusyBox).
    Addgroup,
}

impl AccountTool {
    /// Whether it creates groups rather than users.
    pub fn is_group(self) -> bool {
        matches!(self, AccountTool::Groupadd | AccountTool::Addgroup)
    }
}

/// Which syntax the command is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountSyntax {
    /// shadow-utils `useradd`/`groupadd` (`-m`, `-r`, `-s SHELL`, `--create-home`).
    Shadow,
    /// Debian's `adduser`/`addgroup` (long options only: `--system`, `--no-create-home`).
    Debian,
    /// BusyBox (Alpine) `adduser`/`addgroup` (`-D`, `-S`, `-H`, `-h DIR`, `-G GROUP`).
    BusyBox,
}

/// A user or group creation (or, with [`Account::member_of`], a membership change).
#[derive(Debug, Clone)]
pub struct Account<'a, 's> {
    /// Which tool.
    pub tool: AccountTool,
    /// Which syntax its options were read in.
    pub syntax: AccountSyntax,
    /// The user (or group) name.
    pub name: Option<&'a Word<'s>>,
    /// `adduser USER GROUP` (Debian and BusyBox) and `addgroup USER GROUP` (BusyBox) add an
    /// existing user to a group and create nothing: this is the group.
    pub member_of: Option<&'a Word<'s>>,
    /// A system account: `-r`/`--system` (shadow), `--system` (Debian), `-S` (BusyBox).
    pub system: bool,
    /// Whether a home directory is created: `Some(true)` for `-m`/`--create-home` and for
    /// BusyBox and Debian non-system `adduser` by default, `Some(false)` for `-M`,
    /// `--no-create-home` and BusyBox `-H`, `None` when it depends on the system's defaults
    /// (`useradd` without either, Debian `adduser --system`) or for groups.
    pub create_home: Option<bool>,
    /// The home directory: `-d`/`--home-dir`, `--home`, BusyBox `-h`.
    pub home: Option<OptionValue<'a, 's>>,
    /// The login shell: `-s`/`--shell`.
    pub shell: Option<OptionValue<'a, 's>>,
    /// The numeric id: the uid (`-u`, `--uid`) for users, the gid (`-g`, `--gid`) for groups.
    pub id: Option<OptionValue<'a, 's>>,
    /// The primary group of a user: `-g`/`--gid` (shadow), `--ingroup`/`--gid` (Debian), `-G`
    /// (BusyBox).
    pub group: Option<OptionValue<'a, 's>>,
    /// useradd's `-l`/`--no-log-init`: no lastlog/faillog entry, which for a large uid would be
    /// a huge sparse file in the image.
    pub no_log_init: bool,
    /// The invocation from the tool on, after wrappers.
    pub invocation: Invocation<'a, 's>,
}

const USERADD: &[&str] = &[
    "-b",
    "--base-dir",
    "-c",
    "--comment",
    "-d",
    "--home-dir",
    "-e",
    "--expiredate",
    "-f",
    "--inactive",
    "-g",
    "--gid",
    "-G",
    "--groups",
    "-k",
    "--skel",
    "-K",
    "--key",
    "-p",
    "--password",
    "-R",
    "--root",
    "-P",
    "--prefix",
    "-s",
    "--shell",
    "-u",
    "--uid",
    "-Z",
    "--selinux-user",
    "--btrfs-subvolume-home",
];
const GROUPADD: &[&str] =
    &["-g", "--gid", "-K", "--key", "-p", "--password", "-R", "--root", "-P", "--prefix", "-U", "--users"];
const DEBIAN: &[&str] = &[
    "--home",
    "--shell",
    "--uid",
    "--gid",
    "--ingroup",
    "--gecos",
    "--comment",
    "--firstuid",
    "--lastuid",
    "--firstgid",
    "--lastgid",
    "--add-extra-groups",
    "--conf",
    "-c",
    "--key",
    "--extrausers",
];
const BUSYBOX: &[&str] = &["-h", "-g", "-s", "-G", "-u", "-k"];

/// Reads a useradd/adduser/groupadd/addgroup command; `None` for any other command.
// Inlined so that rules asking about every command pay only for the name test.
#[inline]
pub fn account<'a, 's>(command: &'a Command<'s>) -> Option<Account<'a, 's>> {
    let invocation = command.unwrap_wrappers();
    let tool = match invocation.name()? {
        "useradd" => AccountTool::Useradd,
        "adduser" => AccountTool::Adduser,
        "groupadd" => AccountTool::Groupadd,
        "addgroup" => AccountTool::Addgroup,
        _ => return None,
    };
    Some(read_account(tool, invocation))
}

fn read_account<'a, 's>(tool: AccountTool, invocation: Invocation<'a, 's>) -> Account<'a, 's> {
    let args = invocation.args();
    let syntax = match tool {
        AccountTool::Useradd | AccountTool::Groupadd => AccountSyntax::Shadow,
        _ if args.iter().any(|w| w.value.starts_with("--") && w.value.len() > 2) => AccountSyntax::Debian,
        _ if args.iter().any(|w| w.value.starts_with('-') && w.value.len() > 1) => AccountSyntax::BusyBox,
        _ => AccountSyntax::Debian,
    };
    let takes_value = match (tool, syntax) {
        (AccountTool::Useradd, _) => USERADD,
        (AccountTool::Groupadd, _) => GROUPADD,
        (_, AccountSyntax::BusyBox) => BUSYBOX,
        _ => DEBIAN,
    };
    let spec = OptionSpec { takes_value, single_dash_long: false, stop_at_positional: false };
    let mut account = Account {
        tool,
        syntax,
        name: None,
        member_of: None,
        system: false,
        create_home: None,
        home: None,
        shell: None,
        id: None,
        group: None,
        no_log_init: false,
        invocation,
    };
    let mut positionals = 0;
    let group_tool = tool.is_group();
    for opt in Options::new(args, spec) {
        if let Opt::Positional(word) = opt {
            positionals += 1;
            match positionals {
                1 => account.name = Some(word),
                2 => account.member_of = Some(word),
                _ => {}
            }
            continue;
        }
        let value = || opt.value().cloned();
        match syntax {
            AccountSyntax::Shadow => {
                if opt.is(Some('r'), &["--system"]) {
                    account.system = true;
                } else if opt.is(Some('m'), &["--create-home"]) {
                    account.create_home = Some(true);
                } else if opt.is(Some('M'), &["--no-create-home"]) {
                    account.create_home = Some(false);
                } else if opt.is(Some('d'), &["--home-dir"]) {
                    account.home = value();
                } else if opt.is(Some('s'), &["--shell"]) {
                    account.shell = value();
                } else if opt.is(Some('u'), &["--uid"]) {
                    account.id = value();
                } else if opt.is(Some('g'), &["--gid"]) {
                    if group_tool {
                        account.id = value();
                    } else {
                        account.group = value();
                    }
                } else if opt.is(Some('l'), &["--no-log-init"]) {
                    account.no_log_init = true;
                }
            }
            AccountSyntax::Debian => {
                if opt.is(None, &["--system"]) {
                    account.system = true;
                } else if opt.is(None, &["--no-create-home"]) {
                    account.create_home = Some(false);
                } else if opt.is(None, &["--home"]) {
                    account.home = value();
                } else if opt.is(None, &["--shell"]) {
                    account.shell = value();
                } else if opt.is(None, &["--uid"]) {
                    account.id = value();
                } else if opt.is(None, &["--gid"]) {
                    if group_tool {
                        account.id = value();
                    } else {
                        account.group = value();
                    }
                } else if opt.is(None, &["--ingroup"]) {
                    account.group = value();
                }
            }
            AccountSyntax::BusyBox => {
                if opt.is(Some('S'), &[]) {
                    account.system = true;
                } else if opt.is(Some('H'), &[]) {
                    account.create_home = Some(false);
                } else if opt.is(Some('h'), &[]) {
                    account.home = value();
                } else if opt.is(Some('s'), &[]) {
                    account.shell = value();
                } else if opt.is(Some(if group_tool { 'g' } else { 'u' }), &[]) {
                    account.id = value();
                } else if opt.is(Some('G'), &[]) && !group_tool {
                    account.group = value();
                }
            }
        }
    }
    // Membership forms: BusyBox `addgroup USER GROUP`, `adduser USER GROUP`. Debian
    // `addgroup` takes one name (a second one is an error); shadow tools take one.
    if account.syntax == AccountSyntax::Shadow
        || (tool == AccountTool::Addgroup && syntax == AccountSyntax::Debian)
    {
        account.member_of = None;
    }
    if account.create_home.is_none() && tool == AccountTool::Adduser && account.member_of.is_none() {
        account.create_home = match syntax {
            AccountSyntax::BusyBox => Some(true),
            AccountSyntax::Debian if !account.system => Some(true),
            _ => None,
        };
    }
    account
}

impl Account<'_, '_> {
    /// Whether this only adds an existing user to a group.
    pub fn is_membership(&self) -> bool {
        self.member_of.is_some()
    }
}
