//! `gatecheck member ...` and `gatecheck audit ...`: administration of a data directory at
//! the command line, as the operator of the machine (audited as `cli:<user>`).

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use gatecheck_service::dates::{day, utc};
use gatecheck_service::screen::{OneStore, PersonQuery, Screener, Settings};
use gatecheck_service::{members, screening};
use gatecheck_store::concepts::Backend;
use gatecheck_store::postgres::PostgresStore;
use gatecheck_store::Store;
use std::path::PathBuf;

/// Where the data lives: `--data`, else `GATECHECK_DATA`, else `./gatecheck-data`; and,
/// with `--store` (or `GATECHECK_STORE`), a PostgreSQL database for the store instead
/// of the directory's SQLite file (the directory then keeps only the hub's key).
#[derive(Args, Debug)]
pub struct DataArgs {
    #[arg(
        long = "data",
        env = "GATECHECK_DATA",
        default_value = "gatecheck-data"
    )]
    pub directory: PathBuf,
    /// The store on PostgreSQL: `postgres://user@host/db` or `host=/run/postgresql
    /// dbname=gatecheck` [default: the data directory's SQLite file].
    #[arg(long = "store", env = "GATECHECK_STORE")]
    pub store: Option<String>,
}

/// Checks that `url` names a PostgreSQL database, so that a mistyped path is not taken
/// for one.
pub(crate) fn postgres_url(url: &str) -> Result<&str> {
    postgres_url_for("--store", url)
}

/// [`postgres_url`] of the option `flag`.
pub(crate) fn postgres_url_for<'u>(flag: &str, url: &'u str) -> Result<&'u str> {
    let url = url.trim();
    anyhow::ensure!(
        url.starts_with("postgres://") || url.starts_with("postgresql://") || url.contains('='),
        "{flag} {url:?}: not a PostgreSQL connection (postgres://user@host/db, or \
         host=... dbname=...); the SQLite store is the data directory's (--data)"
    );
    Ok(url)
}

/// Where the store of `data` is, for the server's state: the PostgreSQL database of
/// `--store` (screening reads on `replica`, when given), else the data directory, which
/// must hold gatecheck's data already (see [`open`]).
pub(crate) fn source(data: &DataArgs, replica: Option<&str>) -> Result<gatecheck_server::Source> {
    Ok(match &data.store {
        Some(url) => gatecheck_server::Source::Postgres {
            primary: postgres_url(url)?.to_string(),
            replica: replica.map(postgres_url).transpose()?.map(str::to_string),
        },
        None => {
            anyhow::ensure!(
                replica.is_none(),
                "--read-store is for a PostgreSQL store (--store postgres://...)"
            );
            drop(open_sqlite(data)?);
            gatecheck_server::Source::Sqlite {
                directory: data.directory.clone(),
            }
        }
    })
}

/// Connects to the PostgreSQL store of `url`, bringing its schema up to date.
fn connect(url: &str) -> Result<PostgresStore> {
    let url = postgres_url(url)?;
    PostgresStore::connect(url).with_context(|| "connecting to the PostgreSQL store (--store)")
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
        /// How officers of other members reach it about a hit on its records (a desk,
        /// a telephone, an address).
        #[arg(long)]
        contact: Option<String>,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Set how officers of other members reach a member about a hit on its records.
    Contact {
        name: String,
        contact: String,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Set the time zone a member's officers work in (an IANA name such as Asia/Baghdad;
    /// "" for UTC only): the console shows times in it beside UTC.
    TimeZone {
        name: String,
        time_zone: String,
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

pub fn run_member(command: &MemberCommand) -> Result<u8> {
    match command {
        MemberCommand::Add {
            name,
            country,
            admin,
            contact,
            data,
        } => {
            let mut store = open_or_create(data)?;
            let (member, key) =
                members::add_member(&mut *store, name, country, *admin, &actor(), now())?;
            if let Some(contact) = contact {
                members::set_contact(&mut *store, name, contact, &actor(), now())?;
            }
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
            for member in members::list_members(&*store)? {
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
        MemberCommand::Contact {
            name,
            contact,
            data,
        } => {
            let mut store = open(data)?;
            members::set_contact(&mut *store, name, contact, &actor(), now())?;
            println!("member {name} is reached at: {}", contact.trim());
        }
        MemberCommand::TimeZone {
            name,
            time_zone,
            data,
        } => {
            let mut store = open(data)?;
            members::set_time_zone(&mut *store, name, time_zone, &actor(), now())?;
            match time_zone.trim() {
                "" => println!("member {name}'s times are shown in UTC only"),
                zone => println!("member {name}'s times are shown in {zone} beside UTC"),
            }
        }
        MemberCommand::Revoke { name, data } => {
            let mut store = open(data)?;
            members::revoke_member(&mut *store, name, &actor(), now())?;
            println!("revoked member {name}");
        }
    }
    Ok(0)
}

/// Opens the data directory of an existing installation; a directory without gatecheck's
/// database is refused (a mistyped `--data` would otherwise be a new, empty store, and a
/// screening against it would clear everyone).
pub(crate) fn open(data: &DataArgs) -> Result<Box<dyn Backend>> {
    if let Some(url) = &data.store {
        return Ok(Box::new(connect(url)?));
    }
    Ok(Box::new(open_sqlite(data)?))
}

/// Opens the data directory's SQLite store, as [`open`] does.
pub(crate) fn open_sqlite(data: &DataArgs) -> Result<Store> {
    let database = data.directory.join(gatecheck_store::DATABASE_FILE);
    anyhow::ensure!(
        database.is_file(),
        "no gatecheck data in {} (no {}): check --data or GATECHECK_DATA; \
         `gatecheck member add ... --data DIR` creates a new one",
        data.directory.display(),
        gatecheck_store::DATABASE_FILE
    );
    Store::open(&data.directory)
        .with_context(|| format!("opening data directory {}", data.directory.display()))
}

/// Opens the data directory, creating it (and saying so on standard error) when it holds
/// no gatecheck data yet: for the commands that start an installation.
pub(crate) fn open_or_create(data: &DataArgs) -> Result<Box<dyn Backend>> {
    if let Some(url) = &data.store {
        return Ok(Box::new(connect(url)?));
    }
    let database = data.directory.join(gatecheck_store::DATABASE_FILE);
    let new = !database.is_file();
    let store = Store::open(&data.directory)
        .with_context(|| format!("creating data directory {}", data.directory.display()))?;
    if new {
        eprintln!(
            "gatecheck: created a new data directory in {}",
            data.directory.display()
        );
    }
    Ok(Box::new(store))
}

/// The operator at the command line, for the audit log.
pub(crate) fn actor() -> String {
    let user = std::env::var("USER").unwrap_or_else(|_| "unknown".to_string());
    format!("cli:{user}")
}

pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::{ServeArgs, ServeSettings};
    use std::path::PathBuf;

    fn args() -> ServeArgs {
        ServeArgs {
            listen: None,
            data: None,
            store: None,
            read_store: None,
            threshold: None,
            limit: None,
            review_days: None,
            retro_days: None,
            shift_hours: None,
            secure_cookies: None,
            skip_unreadable_records: None,
            config: None,
        }
    }

    #[test]
    fn serve_settings_come_from_flags_then_the_file_then_defaults() {
        let defaults = ServeSettings::resolve(&args(), None).unwrap();
        assert_eq!(defaults.listen, "127.0.0.1:8470");
        assert_eq!(defaults.data, PathBuf::from("gatecheck-data"));
        let file = "listen = \"0.0.0.0:9000\"\nthreshold = 0.8\ndata = \"/srv/gatecheck\"\n";
        let from_file = ServeSettings::resolve(&args(), Some(file)).unwrap();
        assert_eq!(from_file.listen, "0.0.0.0:9000");
        assert_eq!(from_file.threshold, 0.8);
        assert_eq!(from_file.data, PathBuf::from("/srv/gatecheck"));
        assert_eq!(from_file.limit, 5);
        assert_eq!(from_file.shift_hours, 12);
        let shift = ServeSettings::resolve(&args(), Some("shift_hours = 8\n")).unwrap();
        assert_eq!(shift.shift_hours, 8);
        // a flag (or its GATECHECK_ variable, which clap reads into the same field) wins
        let flags = ServeArgs {
            listen: Some("127.0.0.1:1".to_string()),
            threshold: Some(0.9),
            ..args()
        };
        let both = ServeSettings::resolve(&flags, Some(file)).unwrap();
        assert_eq!((both.listen.as_str(), both.threshold), ("127.0.0.1:1", 0.9));
        assert_eq!(both.data, PathBuf::from("/srv/gatecheck"));
    }

    #[test]
    fn bad_settings_are_refused_with_the_key() {
        let error = ServeSettings::resolve(&args(), Some("treshold = 0.8\n")).unwrap_err();
        assert!(format!("{error:#}").contains("treshold"), "{error:#}");
        let error = ServeSettings::resolve(&args(), Some("threshold = 2.0\n")).unwrap_err();
        assert!(
            format!("{error:#}").contains("threshold: 2 is not between 0 and 1"),
            "{error:#}"
        );
        assert!(ServeSettings::resolve(&args(), Some("limit = \"five\"\n")).is_err());
        let error = ServeSettings::resolve(&args(), Some("shift_hours = 1000\n")).unwrap_err();
        assert!(
            format!("{error:#}").contains("shift_hours: 1000 is more than 168"),
            "{error:#}"
        );
    }
}

/// A record's default review date: a year after it is contributed.
pub(crate) const DEFAULT_REVIEW_SECONDS: i64 = 365 * 86_400;

/// `gatecheck screen person`: screens FollowTheMoney persons (lines on standard input) as a
/// member sees the result, through the service's screening and access rules.
#[derive(Args, Debug)]
pub struct ScreenArgs {
    /// The member screening (what it may see decides what is printed).
    #[arg(long)]
    pub(crate) member: String,
    #[arg(long, default_value_t = 0.7)]
    pub(crate) threshold: f32,
    #[arg(long, default_value_t = 5)]
    pub(crate) limit: usize,
    #[command(flatten)]
    pub(crate) data: DataArgs,
}

pub fn run_screen_person(args: &ScreenArgs) -> Result<u8> {
    let mut store = open(&args.data)?;
    let viewer = members::active_member(&*store, &args.member)?;
    let index = screening::ScreeningIndex::build(&*store, &day(now()))?;
    let config = gatecheck_engine::watchlist::MatchConfig::default();
    let stores = OneStore::new(&mut *store);
    let mut malformed = false;
    for (number, line) in std::io::stdin().lines().enumerate() {
        let line = line.context("reading standard input")?;
        if line.trim().is_empty() {
            continue;
        }
        let entity = match gatecheck_formats::ftm::parse_entity(&line) {
            Ok(entity) => entity,
            Err(error) => {
                eprintln!("<stdin>:{}: {error}", number + 1);
                malformed = true;
                continue;
            }
        };
        for warning in &entity.warnings {
            eprintln!("<stdin>:{}: {warning}", number + 1);
            malformed = true;
        }
        // a screening here is one as through the API: audited, its hits kept and their
        // owners notified, in one transaction
        let query = PersonQuery::from_entity(entity, line.trim().to_string(), None);
        let screener = Screener {
            index: &index,
            stores: &stores,
            member: &viewer,
            actor: format!("{} as member:{}", actor(), viewer.name),
            settings: Settings {
                limit: args.limit,
                threshold: args.threshold,
                matching: &config,
                shift_seconds: gatecheck_service::hits::shift_seconds(
                    gatecheck_service::hits::DEFAULT_SHIFT_HOURS,
                ),
            },
            now: now(),
        };
        println!("{}", screener.person(&query)?.evidence());
    }
    Ok(if malformed { 3 } else { 0 })
}

/// `gatecheck serve`: the HTTP API over a data directory. Each setting comes from its flag,
/// else its `GATECHECK_*` variable, else the TOML file of `--config`, else its default.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8470].
    #[arg(long, env = "GATECHECK_LISTEN")]
    listen: Option<String>,
    /// The data directory [default: ./gatecheck-data].
    #[arg(long = "data", env = "GATECHECK_DATA")]
    data: Option<PathBuf>,
    /// The store on PostgreSQL (`postgres://user@host/db`), shared by every node that
    /// serves it, instead of the data directory's SQLite file (the directory then keeps
    /// only the hub's key) [default: none].
    #[arg(long, env = "GATECHECK_STORE")]
    store: Option<String>,
    /// A streaming replica of the PostgreSQL store for screening reads (document
    /// lookups, suppressions); writes and everything else go to --store [default: none].
    #[arg(long, env = "GATECHECK_READ_STORE")]
    read_store: Option<String>,
    /// Score from which a result is a match [default: 0.7].
    #[arg(long, env = "GATECHECK_THRESHOLD")]
    threshold: Option<f32>,
    /// Results a screening answers [default: 5].
    #[arg(long, env = "GATECHECK_LIMIT")]
    limit: Option<usize>,
    /// Days a record is kept when its owner gives no review date [default: 365].
    #[arg(long, env = "GATECHECK_REVIEW_DAYS")]
    review_days: Option<i64>,
    /// Days a screening is kept and screened again against records added or changed
    /// later; 0: not at all [default: 3].
    #[arg(long, env = "GATECHECK_RETRO_DAYS")]
    retro_days: Option<u32>,
    /// Hours of a shift: the member's screening of the same traveller again within one
    /// updates the open hit already raised (its last sighting and count) instead of
    /// raising a new one, and the owner is not notified again; 0: every screening raises
    /// its own hits [default: 12].
    #[arg(long, env = "GATECHECK_SHIFT_HOURS")]
    shift_hours: Option<u32>,
    /// Mark the console's cookies Secure (sent over HTTPS only): set it when the server is
    /// reached through TLS (a proxy in front) [default: false].
    #[arg(long, env = "GATECHECK_SECURE_COOKIES")]
    secure_cookies: Option<bool>,
    /// Serve even when stored person records cannot be read: they are left out of the
    /// index (never screened against), logged by id and counted in /metrics as
    /// gatecheck_unreadable_records. Without it, serve refuses to start and names them
    /// [default: false].
    #[arg(long, env = "GATECHECK_SKIP_UNREADABLE_RECORDS", num_args = 0..=1, default_missing_value = "true")]
    skip_unreadable_records: Option<bool>,
    /// A TOML file with any of: listen, data, store, read_store, threshold, limit,
    /// review_days, retro_days, shift_hours, secure_cookies, skip_unreadable_records.
    #[arg(long, env = "GATECHECK_CONFIG")]
    config: Option<PathBuf>,
}

/// Settings of `gatecheck serve` as a TOML file may give them.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ServeFile {
    listen: Option<String>,
    data: Option<PathBuf>,
    store: Option<String>,
    read_store: Option<String>,
    threshold: Option<f32>,
    limit: Option<usize>,
    review_days: Option<i64>,
    retro_days: Option<u32>,
    shift_hours: Option<u32>,
    secure_cookies: Option<bool>,
    skip_unreadable_records: Option<bool>,
}

/// The settings `gatecheck serve` runs with.
#[derive(Debug, Clone, PartialEq)]
pub struct ServeSettings {
    pub listen: String,
    pub data: PathBuf,
    pub store: Option<String>,
    pub read_store: Option<String>,
    pub threshold: f32,
    pub limit: usize,
    pub review_days: i64,
    pub retro_days: u32,
    pub shift_hours: u32,
    pub secure_cookies: bool,
    pub skip_unreadable_records: bool,
}

impl ServeSettings {
    /// Flags and variables (as clap read them) over the file over the defaults.
    fn resolve(args: &ServeArgs, file_text: Option<&str>) -> Result<ServeSettings> {
        let file: ServeFile = match file_text {
            Some(text) => toml::from_str(text).context("reading the --config file")?,
            None => ServeFile::default(),
        };
        let settings = ServeSettings {
            listen: args
                .listen
                .clone()
                .or(file.listen)
                .unwrap_or_else(|| "127.0.0.1:8470".to_string()),
            data: args
                .data
                .clone()
                .or(file.data)
                .unwrap_or_else(|| PathBuf::from("gatecheck-data")),
            store: args.store.clone().or(file.store),
            read_store: args.read_store.clone().or(file.read_store),
            threshold: args.threshold.or(file.threshold).unwrap_or(0.7),
            limit: args.limit.or(file.limit).unwrap_or(5),
            review_days: args.review_days.or(file.review_days).unwrap_or(365),
            retro_days: args
                .retro_days
                .or(file.retro_days)
                .unwrap_or(gatecheck_service::retro::DEFAULT_DAYS),
            shift_hours: args
                .shift_hours
                .or(file.shift_hours)
                .unwrap_or(gatecheck_service::hits::DEFAULT_SHIFT_HOURS),
            secure_cookies: args.secure_cookies.or(file.secure_cookies).unwrap_or(false),
            skip_unreadable_records: args
                .skip_unreadable_records
                .or(file.skip_unreadable_records)
                .unwrap_or(false),
        };
        anyhow::ensure!(
            (0.0..=1.0).contains(&settings.threshold),
            "threshold: {} is not between 0 and 1",
            settings.threshold
        );
        anyhow::ensure!(
            (1..=36_500).contains(&settings.review_days),
            "review_days: {} is not between 1 and 36500",
            settings.review_days
        );
        anyhow::ensure!(
            settings.retro_days <= gatecheck_service::retro::MAX_DAYS,
            "retro_days: {} is more than {}",
            settings.retro_days,
            gatecheck_service::retro::MAX_DAYS
        );
        anyhow::ensure!(
            settings.shift_hours <= gatecheck_service::hits::MAX_SHIFT_HOURS,
            "shift_hours: {} is more than {}",
            settings.shift_hours,
            gatecheck_service::hits::MAX_SHIFT_HOURS
        );
        anyhow::ensure!(
            (1..=100).contains(&settings.limit),
            "limit: {} is not between 1 and 100",
            settings.limit
        );
        Ok(settings)
    }
}

/// The file in a data directory that a running `serve` holds locked.
const SERVE_LOCK_FILE: &str = "gatecheck-serve.lock";

/// Holds the data directory for this `serve` alone until the returned file is dropped (the
/// process ends): two servers over one store would each keep their own index and purge,
/// and neither would know of the other's writes until it followed the store. The lock is
/// the operating system's, so a killed server leaves nothing to clean up.
pub(crate) fn hold_data_directory(directory: &std::path::Path) -> Result<std::fs::File> {
    use std::io::{Read, Seek, Write};
    let path = directory.join(SERVE_LOCK_FILE);
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .with_context(|| format!("opening {}", path.display()))?;
    if file.try_lock().is_err() {
        let mut holder = String::new();
        let _ = file.read_to_string(&mut holder);
        anyhow::bail!(
            "another gatecheck serve holds {} ({}): one server a data directory",
            directory.display(),
            match holder.trim() {
                "" => "its process is unknown".to_string(),
                pid => format!("process {pid}"),
            }
        );
    }
    file.set_len(0)?;
    file.rewind()?;
    write!(file, "{}", std::process::id())?;
    Ok(file)
}

/// Follows the store's change feed for ever: on PostgreSQL woken by its notifications
/// (`listen_to`, the primary), a second at most apart, and hearing the writes of members
/// (so that the node may keep the members it authenticates, see
/// [`gatecheck_server::AppState::hear_member_changes`]); on SQLite, once a second.
pub(crate) fn follow(state: &std::sync::Arc<gatecheck_server::AppState>, listen_to: Option<&str>) {
    use gatecheck_store::postgres::ChangeListener;
    const AT_MOST_APART: std::time::Duration = std::time::Duration::from_secs(1);
    let mut listener: Option<ChangeListener> = None;
    loop {
        match (listen_to, listener.as_mut()) {
            (Some(url), None) => match ChangeListener::connect(url) {
                Ok(connected) => {
                    // members written before it listened are not heard: forgotten
                    state.hear_member_changes(true);
                    listener = Some(connected);
                }
                Err(error) => {
                    eprintln!("gatecheck serve: listening for record changes: {error}");
                    std::thread::sleep(AT_MOST_APART);
                }
            },
            (Some(_), Some(listening)) => match listening.wait(AT_MOST_APART) {
                Ok(heard) => {
                    if heard.members {
                        state.members_changed();
                    }
                }
                Err(error) => {
                    // notifications are lost with the connection: members are no longer
                    // kept, a new one is made, and the feed is read meanwhile, as after
                    // every wait
                    eprintln!("gatecheck serve: {error}");
                    state.hear_member_changes(false);
                    listener = None;
                }
            },
            (None, _) => std::thread::sleep(AT_MOST_APART),
        }
        if let Err(error) = state.follow_store() {
            eprintln!("gatecheck serve: following the store: {error:?}");
        }
    }
}

/// How often `serve` signs a checkpoint of the audit log (when it grew).
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

pub fn run_serve(args: &ServeArgs) -> Result<u8> {
    let file_text = match &args.config {
        Some(path) => Some(
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?,
        ),
        None => None,
    };
    let settings = ServeSettings::resolve(args, file_text.as_deref())?;
    let data = DataArgs {
        directory: settings.data.clone(),
        store: settings.store.clone(),
    };
    let source = source(&data, settings.read_store.as_deref())?;
    // one server a data directory; on PostgreSQL any number of nodes share the store
    let _held = match &source {
        gatecheck_server::Source::Sqlite { directory } => Some(hold_data_directory(directory)?),
        gatecheck_server::Source::Postgres { .. } => None,
    };
    // the port is taken before the index is built (which takes a while on a large list),
    // so that a port in use is said at once
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(&settings.listen))
        .with_context(|| format!("listening on {}", settings.listen))?;
    let config = gatecheck_server::ApiConfig {
        threshold: settings.threshold,
        limit: settings.limit,
        review_days: settings.review_days,
        retro_days: settings.retro_days,
        shift_hours: settings.shift_hours,
        secure_cookies: settings.secure_cookies,
        skip_unreadable_records: settings.skip_unreadable_records,
        ..gatecheck_server::ApiConfig::default()
    };
    let shown = match &source {
        gatecheck_server::Source::Sqlite { directory } => directory.display().to_string(),
        gatecheck_server::Source::Postgres { .. } => "the PostgreSQL store".to_string(),
    };
    eprintln!("gatecheck serve: indexing the live person records of {shown} ...");
    let started = std::time::Instant::now();
    let state =
        gatecheck_server::AppState::over(source, true, config, gatecheck_server::system_clock)
            .map_err(|error| anyhow::anyhow!("building the screening index: {error}"))?;
    eprintln!(
        "gatecheck serve: {} person records indexed in {:.1} s (documents are looked up in the store)",
        state.indexed().unwrap_or(0),
        started.elapsed().as_secs_f64()
    );
    let state = std::sync::Arc::new(state);
    let app = gatecheck_server::router(std::sync::Arc::clone(&state));
    let listen_to = settings.store.clone();
    let signer = gatecheck_service::evidence::load_key(&settings.data)?;
    if signer.is_none() {
        eprintln!(
            "gatecheck serve: no hub key, so the audit log's checkpoints are not signed (`gatecheck keys create`)"
        );
    }
    runtime.block_on(async {
        // a checkpoint of the audit log signed every minute the log grew, with the hub's key
        if let Some(signer) = signer {
            let signing = std::sync::Arc::clone(&state);
            let signer = std::sync::Arc::new(signer);
            tokio::spawn(async move {
                let mut tick = tokio::time::interval(CHECKPOINT_EVERY);
                loop {
                    tick.tick().await;
                    let (state, signer) = (
                        std::sync::Arc::clone(&signing),
                        std::sync::Arc::clone(&signer),
                    );
                    let signed =
                        tokio::task::spawn_blocking(move || state.sign_checkpoint(&signer)).await;
                    match signed {
                        Ok(Ok(_)) => {}
                        // an empty log has nothing to sign yet
                        Ok(Err(gatecheck_server::ApiError::BadRequest { .. })) => {}
                        Ok(Err(error)) => {
                            eprintln!("gatecheck serve: signing a checkpoint: {error:?}")
                        }
                        Err(error) => eprintln!("gatecheck serve: signing a checkpoint: {error}"),
                    }
                }
            });
        }
        // the index follows the store's change feed: records written by any node or
        // process are screened against within about a second (on PostgreSQL, as soon as
        // the feed's notification arrives)
        let follower = std::sync::Arc::clone(&state);
        std::thread::spawn(move || follow(&follower, listen_to.as_deref()));
        eprintln!(
            "gatecheck serve: listening on http://{}, data in {shown}",
            listener.local_addr()?,
        );
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .context("serving")?;
        anyhow::Ok(())
    })?;
    Ok(0)
}
