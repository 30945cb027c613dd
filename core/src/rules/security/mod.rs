//! Security: privileges, secrets, untrusted downloads, disabled verification.

mod curl_pipe_to_shell;
mod expose_ssh_port;
mod harden_user_account;
mod run_as_non_root;
pub(crate) mod secrets_in_arg_or_env;

use super::Rule;

pub use curl_pipe_to_shell::CurlPipeToShell;
pub use expose_ssh_port::ExposeSshPort;
pub use harden_user_account::HardenUserAccount;
pub use run_as_non_root::RunAsNonRoot;
pub use secrets_in_arg_or_env::SecretsInArgOrEnv;

pub(crate) static RULES: &[&dyn Rule] =
    &[&RunAsNonRoot, &SecretsInArgOrEnv, &ExposeSshPort, &HardenUserAccount, &CurlPipeToShell];
