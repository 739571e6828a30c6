//! `gatecheck member ...` and `gatecheck audit ...`: administration of a data directory at
//! the command line, as the operator of the machine (audited as `cli:<user>`).

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use gatecheck_service::{audit, members};
use gatecheck_store::Store;
use std::path::PathBuf;

/// Where the data lives: `--data`, else `GATECHECK_DATA`, else `./gatecheck-data`.
#[derive(Args, Debug)]
pub struct DataArgs {
    #[arg(
        long = "data",
        env = "GATECHECK_DATA",
        default_value = "gatecheck-data"
    )]
    pub directory: PathBuf,
}

#[derive(Subcommand, Debug)]
pub enum MemberCommand {
    /// Add a member; its API key is printed once, alone on the last line.
    Add {
        /// The member's name, as access rules will name it.
        name: String,
        /// The member's country, as an ICAO code (JOR, IRQ, D, GBD ...).
        #[arg(long)]
        country: String,
        /// May administer members and read the whole audit log.
        #[arg(long)]
        admin: bool,
        #[command(flatten)]
        data: DataArgs,
    },
    /// List members (never their keys).
    List {
        #[command(flatten)]
        data: DataArgs,
    },
    /// Revoke a member's key: every later call with it is refused.
    Revoke {
        name: String,
        #[command(flatten)]
        data: DataArgs,
    },
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Check the audit chain; exits 0 when intact, 1 naming the first entry that is not.
    Verify {
        /// The head hash reported by an earlier verify, to detect a rewritten tail.
        #[arg(long)]
        head: Option<String>,
        #[command(flatten)]
        data: DataArgs,
    },
}

pub fn run_member(command: &MemberCommand) -> Result<u8> {
    match command {
        MemberCommand::Add {
            name,
            country,
            admin,
            data,
        } => {
            let mut store = open(data)?;
            let (member, key) =
                members::add_member(&mut store, name, country, *admin, &actor(), now())?;
            println!(
                "added member {} ({}, id {}{})",
                member.name,
                member.country,
                member.id,
                if member.admin { ", admin" } else { "" }
            );
            println!("its API key, shown this once (only a hash is kept):");
            println!("{}", key.expose());
        }
        MemberCommand::List { data } => {
            let store = open(data)?;
            for member in members::list_members(&store)? {
                let status = match member.revoked_at {
                    Some(at) => format!("revoked at {}", utc(at)),
                    None => "active".to_string(),
                };
                println!(
                    "{}\t{}\t{}\t{}\tadded {}",
                    member.name,
                    member.country,
                    if member.admin { "admin" } else { "member" },
                    status,
                    utc(member.created_at)
                );
            }
        }
        MemberCommand::Revoke { name, data } => {
            let mut store = open(data)?;
            members::revoke_member(&mut store, name, &actor(), now())?;
            println!("revoked member {name}");
        }
    }
    Ok(0)
}

pub fn run_audit(command: &AuditCommand) -> Result<u8> {
    match command {
        AuditCommand::Verify { head, data } => {
            let store = open(data)?;
            let verdict = audit::verify(&store, head.as_deref())?;
            println!("{verdict}");
            Ok(match verdict {
                audit::Verdict::Intact { .. } => 0,
                audit::Verdict::Broken { .. } => 1,
            })
        }
    }
}

fn open(data: &DataArgs) -> Result<Store> {
    Store::open(&data.directory)
        .with_context(|| format!("opening data directory {}", data.directory.display()))
}

/// The operator at the command line, for the audit log.
fn actor() -> String {
    let user = std::env::var("USER").unwrap_or_else(|_| "unknown".to_string());
    format!("cli:{user}")
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs() as i64)
        .unwrap_or(0)
}

/// Unix seconds as `YYYY-MM-DDTHH:MM:SSZ` (days to civil date after Howard Hinnant).
fn utc(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let of_day = seconds.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::utc;

    #[test]
    fn unix_seconds_print_as_utc() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc(1_795_913_100), "2026-11-29T00:45:00Z");
        assert_eq!(utc(-1), "1969-12-31T23:59:59Z");
    }
}
