//! `gatecheck user ...`: the console's users, added, listed, disabled and enabled by the
//! operator of the machine (audited as `cli:<user>`). A password is read from standard
//! input, never from the command line, where other users of the machine could read it.

use crate::admin::{actor, now, open, DataArgs};
use anyhow::{bail, Context, Result};
use clap::Subcommand;
use gatecheck_service::console::{self, Language, Role, UserSpec};
use gatecheck_service::members;
use std::io::BufRead;

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Add a console user to a member. At a terminal the password (12 characters at least)
    /// is asked for twice, without echo; otherwise it is the first line of standard input:
    /// `printf '%s\n' "$PASSWORD" | gatecheck user add ...`.
    Add {
        /// The user's name, for signing in.
        name: String,
        /// The member (agency) the user works for.
        #[arg(long)]
        member: String,
        /// officer (screens and adjudicates hits), supervisor (also keeps the member's
        /// records) or administrator (also manages users).
        #[arg(long, default_value = "officer")]
        role: String,
        /// The language of the user's pages: en or ar.
        #[arg(long, default_value = "en")]
        language: String,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Disable a console user: it can no longer sign in, and its sessions end.
    Disable {
        name: String,
        /// The member the user must be of (a check; names are unique across members).
        #[arg(long)]
        member: Option<String>,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Enable a disabled console user again: it signs in anew (the sessions it had when
    /// disabled stay ended).
    Enable {
        name: String,
        /// The member the user must be of (a check; names are unique across members).
        #[arg(long)]
        member: Option<String>,
        #[command(flatten)]
        data: DataArgs,
    },
    /// List a member's console users (name, role, language; "disabled" after a disabled
    /// one).
    List {
        #[arg(long)]
        member: String,
        #[command(flatten)]
        data: DataArgs,
    },
}

/// The new user's password: asked for twice without echo at a terminal, else the first
/// line of standard input (for scripts: `printf '%s\n' "$PASSWORD" | gatecheck user add`).
fn read_password(user: &str) -> Result<String> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        let password = rpassword::prompt_password(format!("password for {user}: "))
            .context("reading the password at the terminal")?;
        let again = rpassword::prompt_password("the same again: ")
            .context("reading the password at the terminal")?;
        anyhow::ensure!(
            password == again,
            "the two passwords differ: nothing was added"
        );
        return Ok(password);
    }
    let mut password = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut password)
        .context("reading the password from standard input")?;
    Ok(password.trim_end_matches(['\n', '\r']).to_string())
}

pub fn run(command: &UserCommand) -> Result<u8> {
    match command {
        UserCommand::Add {
            name,
            member,
            role,
            language,
            data,
        } => {
            let Some(role) = Role::from_code(role) else {
                bail!("--role: {role:?} is not officer, supervisor or administrator");
            };
            let Some(language) = Language::from_code(language) else {
                bail!("--language: {language:?} is not en or ar");
            };
            let mut store = open(data)?;
            let password = read_password(name)?;
            let password = password.as_str();
            let member = members::active_member(&*store, member)?;
            let spec = UserSpec {
                name,
                password,
                role,
                language,
            };
            let user = console::add_user(&mut *store, &member, spec, &actor(), now())?;
            println!(
                "added user {} of member {} ({}, {})",
                user.name,
                user.member.name,
                user.role.code(),
                user.language.code()
            );
        }
        UserCommand::Disable { name, member, data } => {
            let mut store = open(data)?;
            console::disable_user_named(&mut *store, name, member.as_deref(), &actor(), now())?;
            println!("disabled user {name}");
        }
        UserCommand::Enable { name, member, data } => {
            let mut store = open(data)?;
            console::enable_user_named(&mut *store, name, member.as_deref(), &actor(), now())?;
            println!("enabled user {name}");
        }
        UserCommand::List { member, data } => {
            let store = open(data)?;
            let member = members::active_member(&*store, member)?;
            for (user, disabled) in console::users_with_state(&*store, &member)? {
                println!(
                    "{}\t{}\t{}{}",
                    user.name,
                    user.role.code(),
                    user.language.code(),
                    if disabled { "\tdisabled" } else { "" }
                );
            }
        }
    }
    Ok(0)
}
