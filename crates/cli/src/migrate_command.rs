//! `gatecheck migrate --from DIR --to URL`: a data directory's SQLite store copied into an
//! empty PostgreSQL database in one transaction and verified before it commits
//! (`gatecheck_store::migrate`), with a progress bar on stderr and the report on stdout.
//! The hub's signing key is not copied: it stays in the data directory, which `serve`
//! and the other commands go on reading with `--data DIR --store URL`.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;
use gatecheck_service::evidence;
use gatecheck_store::migrate::{copy_to_postgres, CopyReport, INDEX_STEP, VERIFY_STEP};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::admin::{hold_data_directory, open_sqlite, postgres_url_for, DataArgs};

#[derive(Args, Debug)]
pub struct MigrateArgs {
    /// The data directory whose SQLite store is copied; it keeps the hub's key.
    #[arg(long)]
    from: PathBuf,
    /// The PostgreSQL database to copy into, which must hold no data yet:
    /// `postgres://user@host/db` or `host=/run/postgresql dbname=gatecheck`.
    #[arg(long)]
    to: String,
}

pub fn run(args: &MigrateArgs) -> Result<u8> {
    let url = postgres_url_for("--to", &args.to)?;
    let data = DataArgs {
        directory: args.from.clone(),
        store: None,
    };
    let store = open_sqlite(&data)?;
    // no server writes the directory meanwhile, nor starts on it before the copy ends
    let _held = hold_data_directory(&args.from)
        .context("the data directory is in use: stop its server before copying it")?;
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{msg:>18} [{bar:30}] {human_pos}/{human_len} ({eta})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    let started = Instant::now();
    let mut current_step = String::new();
    let copied = copy_to_postgres(&store, url, &mut |step, done, total| {
        if current_step != step {
            current_step = step.to_string();
            bar.set_message(match step {
                INDEX_STEP => "making indexes".to_string(),
                VERIFY_STEP => "verifying".to_string(),
                table => table.to_string(),
            });
            bar.set_length(total);
        }
        bar.set_position(done);
    });
    bar.finish_and_clear();
    let report = copied.with_context(|| {
        format!(
            "copying the store of {} to PostgreSQL (--to)",
            args.from.display()
        )
    })?;
    print_report(&report, args, started.elapsed().as_secs_f64())?;
    Ok(0)
}

fn print_report(report: &CopyReport, args: &MigrateArgs, seconds: f64) -> Result<()> {
    let from = args.from.display();
    let rows = report.rows();
    println!(
        "copied {rows} rows of {from} into PostgreSQL in {seconds:.1} s ({:.0} rows/s), verified:",
        rows as f64 / seconds.max(0.001)
    );
    for table in &report.tables {
        println!("  {:<18} {:>12}", table.name, table.rows);
    }
    println!(
        "audit log the same on both: {} entries, head {}, tree root {} at size {}, {} checkpoints",
        report.audit_entries,
        report.audit_head,
        report.audit_root,
        report.audit_entries,
        report.checkpoints
    );
    let numbering: Vec<String> = report
        .numbering
        .iter()
        .map(|(table, column, next)| format!("{table}.{column} {next}"))
        .collect();
    println!("numbering goes on at: {}", numbering.join(", "));
    println!(
        "read the same through the store on both: {}",
        report.spot_checks.join(", ")
    );
    let key = match evidence::load_key(&args.from)? {
        Some(_) => format!(
            "the hub's key ({}) stays in {from}",
            args.from.join(evidence::KEY_FILE).display()
        ),
        None => format!("{from} has no hub key yet (`gatecheck keys create` makes one there)"),
    };
    println!(
        "{key}: `gatecheck serve --data {from} --store URL`, and every command given \
         `--data {from} --store URL`, keeps using it"
    );
    Ok(())
}
