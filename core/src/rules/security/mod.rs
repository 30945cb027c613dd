//! Security: privileges, secrets, untrusted downloads, disabled verification.

mod curl_pipe_to_shell;
mod expose_ssh_port;
mod harden_user_account;
mod package_signature_check_disabled;
mod password_in_run;
mod run_as_non_root;
pub(crate) mod secrets_in_arg_or_env;
mod sudo_in_run;
mod tls_verification_disabled;
mod untrusted_registry;
mod user_non_numeric;
mod workdir_system_directory;

use super::Rule;

pub use curl_pipe_to_shell::CurlPipeToShell;
pub use expose_ssh_port::ExposeSshPort;
pub use harden_user_account::HardenUserAccount;
pub use package_signature_check_disabled::PackageSignatureCheckDisabled;
pub use password_in_run::PasswordInRun;
pub use run_as_non_root::RunAsNonRoot;
pub use secrets_in_arg_or_env::SecretsInArgOrEnv;
pub use sudo_in_run::SudoInRun;
pub use tls_verification_disabled::TlsVerificationDisabled;
pub use untrusted_registry::UntrustedRegistry;
pub use user_non_numeric::UserNonNumeric;
pub use workdir_system_directory::WorkdirSystemDirectory;

pub(crate) static RULES: &[&dyn Rule] = &[
    &RunAsNonRoot,
    &SecretsInArgOrEnv,
    &ExposeSshPort,
    &HardenUserAccount,
    &CurlPipeToShell,
    &SudoInRun,
    &PackageSignatureCheckDisabled,
    &PasswordInRun,
    &TlsVerificationDisabled,
    &WorkdirSystemDirectory,
    &UntrustedRegistry,
    &UserNonNumeric,
];
