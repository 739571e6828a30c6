//! A data directory's SQLite store copied into an empty PostgreSQL database, and the copy
//! verified ([`copy_to_postgres`], `gatecheck migrate`): a deployment that began on one
//! machine moves to several `serve --store postgres://…` nodes without losing anything.
//! Every table goes with its ids and every column, the audit log with its chain, the
//! Merkle tree's nodes and the signed checkpoints; the numbering PostgreSQL continues from
//! (its sequences and `document_id`) is set where SQLite left it, so the next write there
//! takes the ids the next write on SQLite would have taken.
//!
//! The copy is **one PostgreSQL transaction, verified before it commits**: row counts of
//! every table, the audit log's size, head and tree root, the checkpoints, and the newest
//! rows of each concept read through the traits on both sides. A copy that fails or
//! differs leaves the target as it found it, empty, so it is simply run again: nothing is
//! resumed, as a resumable copy would have to tell a half-copied database from a live one,
//! the very confusion the refusal of a non-empty target is there to prevent. The group's
//! locks (every write lock of the PostgreSQL backend) keep nodes started meanwhile from
//! writing until the copy ends. The SQLite store is read in one read transaction, one
//! snapshot; a write to it by another process while it is copied undoes the copy, so what
//! PostgreSQL holds is the store as it was left, not as it was some minutes before.
//!
//! Rows go by `COPY … FROM STDIN (FORMAT binary)`, each table in its primary key's order
//! (so that PostgreSQL's index of it is built from sorted rows). Each column is converted by the type
//! PostgreSQL gives it: SQLite's integers to `BIGINT`, `INTEGER` or `SMALLINT` (checked to
//! fit), to `BOOLEAN` (0 or 1), text to `TEXT` (checked to be UTF-8 without NUL), blobs to
//! `BYTEA`; a value that does not fit names its table, row and column. Keys, references
//! and indexes are set aside while the rows go and made again from the catalog's own
//! definitions after, as `pg_restore` loads a database: checked and grown a row at a time
//! they cost PostgreSQL several times the copy itself.

use std::fmt::Write as _;

use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{ToSql, Type};
use postgres::Client;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension};

use crate::concepts::{AuditLog, Backend};
use crate::postgres::PostgresStore;
use crate::{HitFilter, Store, StoreError};

/// A table copied: the same name and columns on both backends (checked before copying).
struct Table {
    name: &'static str,
    /// The columns (PostgreSQL's names) its rows are read and written in the order of, and
    /// named by in an error: its primary key.
    key: &'static [&'static str],
}

/// Every table of the SQLite store, each after the tables it refers to. Record ids,
/// audit numbers, changes, hits, notifications, suppressions, manifests and imports are
/// given on PostgreSQL as the largest plus one, as on SQLite, so the rows themselves set
/// where they go on; members, console users and terms take theirs from a sequence, a hit's
/// history from an identity, and documents from `document_id`, which the copy sets.
const TABLES: &[Table] = &[
    Table {
        name: "member",
        key: &["id"],
    },
    Table {
        name: "audit",
        key: &["seq"],
    },
    Table {
        name: "audit_node",
        key: &["level", "position"],
    },
    Table {
        name: "audit_checkpoint",
        key: &["size"],
    },
    Table {
        name: "record",
        key: &["id"],
    },
    Table {
        name: "record_access",
        key: &["record", "member"],
    },
    Table {
        name: "record_version",
        key: &["record", "version"],
    },
    Table {
        name: "record_change",
        key: &["seq"],
    },
    Table {
        name: "console_user",
        key: &["id"],
    },
    Table {
        name: "console_session",
        key: &["token_hash"],
    },
    Table {
        name: "terms",
        key: &["id"],
    },
    Table {
        name: "document",
        key: &["id"],
    },
    Table {
        name: "document_version",
        key: &["document", "version"],
    },
    Table {
        name: "import",
        key: &["id"],
    },
    Table {
        name: "manifest",
        key: &["id"],
    },
    Table {
        name: "hit",
        key: &["id"],
    },
    Table {
        name: "fiu_report",
        key: &["id"],
    },
    Table {
        name: "hit_event",
        key: &["id"],
    },
    Table {
        name: "notification",
        key: &["id"],
    },
    Table {
        name: "suppression",
        key: &["id"],
    },
    Table {
        name: "screening_kept",
        key: &["id"],
    },
];

/// Columns PostgreSQL has that SQLite keeps otherwise: (table, column, what SQLite reads
/// for it). A hit's history is ordered by `hit_event.id` on PostgreSQL and by the rowid
/// on SQLite, so the rowid becomes the id.
const FILLED: &[(&str, &str, &str)] = &[("hit_event", "id", "rowid")];

/// SQLite's own tables, not copied: `sqlite_sequence` is AUTOINCREMENT's bookkeeping (its
/// `document` row, the last document id given, becomes PostgreSQL's `document_id`), and
/// `sqlite_stat1` to `sqlite_stat4` the query planner's statistics after an `ANALYZE`
/// (PostgreSQL gathers its own: the copy analyses every table it fills).
fn sqlite_only(table: &str) -> bool {
    table == "sqlite_sequence" || table.starts_with("sqlite_stat")
}

/// PostgreSQL's tables that SQLite has not: the migrations applied (set when the store
/// connects) and the last document id given (set from `sqlite_sequence`).
const POSTGRES_ONLY: &[&str] = &["schema_version", "document_id"];

/// Rows copied between two calls of the progress callback.
const PROGRESS_EVERY: u64 = 10_000;

/// The step the progress callback names once every table is copied, while the
/// references, unique constraints and indexes set aside are made again.
pub const INDEX_STEP: &str = "indexes";

/// The step the progress callback names last, while the copy is verified.
pub const VERIFY_STEP: &str = "verify";

/// A table as copied: its rows, the same on both sides once verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopiedTable {
    pub name: &'static str,
    pub rows: u64,
}

/// What a copy did and what its verification found the same on both sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyReport {
    /// Every table copied, in the order copied.
    pub tables: Vec<CopiedTable>,
    /// The audit log's entries (its tree's size too).
    pub audit_entries: u64,
    /// The hash of the log's last entry ([`crate::CHAIN_START`] for an empty log).
    pub audit_head: String,
    /// The Merkle tree's root over every entry.
    pub audit_root: gatecheck_evidence::Hash,
    /// Signed checkpoints copied.
    pub checkpoints: usize,
    /// Where PostgreSQL's own numbering continues: (table, column, the next value), for
    /// each sequence or identity and for documents (`document_id`).
    pub numbering: Vec<(String, String, i64)>,
    /// What was read through the store's traits on both sides and found equal.
    pub spot_checks: Vec<String>,
}

impl CopyReport {
    /// Rows copied in all.
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|table| table.rows).sum()
    }
}

/// Copies the SQLite store `from` into the PostgreSQL database `to` (a libpq connection
/// string or URL; its schema is brought up to date first), which must hold no data, then
/// verifies the copy and commits it: all of it or nothing. `progress(step, done, total)`
/// is told each table's rows as they go (`step` the table's name), then [`INDEX_STEP`]
/// and [`VERIFY_STEP`].
///
/// A target holding data is [`StoreError::TargetNotEmpty`]; a table or column only one
/// side knows, a value PostgreSQL cannot hold, the source written by another process
/// meanwhile, or any difference found is [`StoreError::CopyFailed`], naming it. `from`
/// must have no group open.
pub fn copy_to_postgres(
    from: &Store,
    to: &str,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<CopyReport, StoreError> {
    let mut target = PostgresStore::connect(to)?;
    let source = &from.connection;
    let written_before = data_version(source)?;
    // one snapshot of the store for the copy and its verification, the trait reads of
    // `from` included (they use this connection)
    let snapshot = source.unchecked_transaction()?;
    target.begin_group()?;
    let copied = copy_and_verify(from, &snapshot, &mut target, progress);
    drop(snapshot);
    let outcome = copied.and_then(|report| {
        if data_version(source)? != written_before {
            return Err(StoreError::CopyFailed(
                "the SQLite store was written while it was copied (by another gatecheck \
                 process: stop it and copy again)"
                    .to_string(),
            ));
        }
        Ok(report)
    });
    match outcome {
        Ok(report) => {
            target.commit_group()?;
            Ok(report)
        }
        Err(error) => {
            // a broken connection undoes the transaction as surely as a rollback
            let _ = target.roll_back_group();
            Err(error)
        }
    }
}

/// SQLite's count of the commits other connections made to the database.
fn data_version(connection: &Connection) -> Result<i64, StoreError> {
    Ok(connection.pragma_query_value(None, "data_version", |row| row.get(0))?)
}

fn copy_and_verify(
    from: &Store,
    snapshot: &Connection,
    target: &mut PostgresStore,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<CopyReport, StoreError> {
    refuse_data(&mut *target.connection()?)?;
    check_tables(snapshot, &mut *target.connection()?)?;
    let mut plans = Vec::with_capacity(TABLES.len());
    for table in TABLES {
        plans.push(plan(table, snapshot, &mut *target.connection()?)?);
    }
    let set_aside = set_aside(&mut *target.connection()?)?;
    let mut tables = Vec::with_capacity(TABLES.len());
    for plan in &plans {
        let total = count_sqlite(snapshot, plan.table.name)?;
        progress(plan.table.name, 0, total);
        let rows = copy_table(plan, snapshot, &mut *target.connection()?, total, progress)?;
        if rows != total {
            return Err(StoreError::CopyFailed(format!(
                "table {}: {total} rows on SQLite, {rows} read from it",
                plan.table.name
            )));
        }
        tables.push(CopiedTable {
            name: plan.table.name,
            rows,
        });
    }
    progress(INDEX_STEP, 0, set_aside.len() as u64);
    restore(&mut *target.connection()?, &set_aside)?;
    progress(INDEX_STEP, set_aside.len() as u64, set_aside.len() as u64);
    let numbering = continue_numbering(snapshot, &mut *target.connection()?)?;
    progress(VERIFY_STEP, 0, 1);
    {
        let mut client = target.connection()?;
        for table in TABLES {
            // the planner's statistics, which a fresh table lacks until autovacuum comes
            client.batch_execute(&format!("ANALYZE {}", quoted(table.name)))?;
        }
        for copied in &tables {
            let target_rows = count_postgres(&mut client, copied.name)?;
            if target_rows != copied.rows {
                return Err(StoreError::CopyFailed(format!(
                    "table {}: {} rows on SQLite, {target_rows} on PostgreSQL",
                    copied.name, copied.rows
                )));
            }
        }
    }
    let entries = tables
        .iter()
        .find(|table| table.name == "audit")
        .map_or(0, |table| table.rows);
    let audit = verify_audit(from, target, entries)?;
    let mut spot_checks = Vec::new();
    spot_check(snapshot, from, target, &mut spot_checks)?;
    progress(VERIFY_STEP, 1, 1);
    Ok(CopyReport {
        tables,
        audit_entries: audit.entries,
        audit_head: audit.head,
        audit_root: audit.root,
        checkpoints: audit.checkpoints,
        numbering,
        spot_checks,
    })
}

/// Checks that every table of either database is one the copy knows: copied, or one
/// side's own bookkeeping. A table it does not know may hold what a copy would lose.
fn check_tables(snapshot: &Connection, client: &mut Client) -> Result<(), StoreError> {
    let copied = |name: &str| TABLES.iter().any(|table| table.name == name);
    let mut sqlite = snapshot.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?;
    let names = sqlite.query_map([], |row| row.get::<_, String>(0))?;
    for name in names {
        let name = name?;
        if !copied(&name) && !sqlite_only(&name) {
            return Err(StoreError::CopyFailed(format!(
                "the SQLite store has a table {name:?} this version does not copy"
            )));
        }
    }
    for row in client.query(
        "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()",
        &[],
    )? {
        let name: String = row.get(0);
        if !copied(&name) && !POSTGRES_ONLY.contains(&name.as_str()) {
            return Err(StoreError::CopyFailed(format!(
                "the PostgreSQL database has a table {name:?} this version does not fill"
            )));
        }
    }
    Ok(())
}

/// Refuses a target holding any row: a copy never merges into or overwrites a store.
fn refuse_data(client: &mut Client) -> Result<(), StoreError> {
    let mut holds = Vec::new();
    for table in TABLES {
        let rows = count_postgres(client, table.name)?;
        if rows > 0 {
            holds.push(format!("{}: {rows} rows", table.name));
        }
    }
    if holds.is_empty() {
        Ok(())
    } else {
        Err(StoreError::TargetNotEmpty(holds.join(", ")))
    }
}

fn count_sqlite(snapshot: &Connection, table: &str) -> Result<u64, StoreError> {
    let rows: i64 = snapshot.query_row(
        &format!("SELECT COUNT(*) FROM {}", quoted(table)),
        [],
        |row| row.get(0),
    )?;
    Ok(rows.max(0) as u64)
}

fn count_postgres(client: &mut Client, table: &str) -> Result<u64, StoreError> {
    let rows: i64 = client
        .query_one(&format!("SELECT COUNT(*) FROM {}", quoted(table)), &[])?
        .get(0);
    Ok(rows.max(0) as u64)
}

/// A name quoted as an SQL identifier (the same on both databases).
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// What a PostgreSQL column holds, as the copy writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    BigInt,
    Int,
    SmallInt,
    Bool,
    Double,
    Text,
    Bytes,
}

impl Kind {
    fn of(kind: &Type) -> Option<Kind> {
        Some(match *kind {
            Type::INT8 => Kind::BigInt,
            Type::INT4 => Kind::Int,
            Type::INT2 => Kind::SmallInt,
            Type::BOOL => Kind::Bool,
            Type::FLOAT8 => Kind::Double,
            Type::TEXT => Kind::Text,
            Type::BYTEA => Kind::Bytes,
            _ => return None,
        })
    }
}

/// A column as copied: PostgreSQL's name, type and nullability, and what SQLite reads.
struct Column {
    name: String,
    source: String,
    kind: Kind,
    nullable: bool,
}

/// How one table is copied.
struct Plan {
    table: &'static Table,
    /// In PostgreSQL's order.
    columns: Vec<Column>,
    types: Vec<Type>,
}

/// The columns of `table` on both sides, matched by name: each must be on both, or be
/// filled from something else SQLite keeps ([`FILLED`]).
fn plan(
    table: &'static Table,
    snapshot: &Connection,
    client: &mut Client,
) -> Result<Plan, StoreError> {
    let refused =
        |problem: String| StoreError::CopyFailed(format!("table {}: {problem}", table.name));
    let mut sqlite_columns: Vec<String> = snapshot
        .prepare(&format!("PRAGMA table_info({})", quoted(table.name)))?
        .query_map([], |row| row.get::<_, String>(1))?
        .collect::<Result<_, _>>()?;
    let postgres_columns = client.query(
        "SELECT attname::text, NOT attnotnull FROM pg_attribute
         WHERE attrelid = $1::text::regclass AND attnum > 0 AND NOT attisdropped
         ORDER BY attnum",
        &[&quoted(table.name)],
    )?;
    let mut columns = Vec::with_capacity(postgres_columns.len());
    for row in &postgres_columns {
        let name: String = row.get(0);
        let filled = FILLED
            .iter()
            .find(|(filled_table, column, _)| *filled_table == table.name && *column == name);
        let source = match filled {
            Some((_, _, source)) => source.to_string(),
            None => {
                let Some(at) = sqlite_columns.iter().position(|column| *column == name) else {
                    return Err(refused(format!(
                        "column {name} is PostgreSQL's only, and the copy knows nothing to fill it with"
                    )));
                };
                sqlite_columns.swap_remove(at);
                quoted(&name)
            }
        };
        columns.push(Column {
            name,
            source,
            kind: Kind::BigInt,
            nullable: row.get(1),
        });
    }
    if let Some(left) = sqlite_columns.first() {
        return Err(refused(format!(
            "column {left} is SQLite's only: this version cannot copy it"
        )));
    }
    let names: Vec<String> = columns.iter().map(|column| quoted(&column.name)).collect();
    let described = client.prepare(&format!(
        "SELECT {} FROM {}",
        names.join(", "),
        quoted(table.name)
    ))?;
    let types: Vec<Type> = described
        .columns()
        .iter()
        .map(|column| column.type_().clone())
        .collect();
    for (column, kind) in columns.iter_mut().zip(&types) {
        column.kind = Kind::of(kind).ok_or_else(|| {
            refused(format!(
                "column {} is of PostgreSQL's type {kind}, which the copy does not write",
                column.name
            ))
        })?;
    }
    for key in table.key {
        if !columns.iter().any(|column| column.name == *key) {
            return Err(refused(format!("it has no column {key}")));
        }
    }
    Ok(Plan {
        table,
        columns,
        types,
    })
}

/// A value read from SQLite as PostgreSQL takes it.
enum Cell<'r> {
    BigInt(Option<i64>),
    Int(Option<i32>),
    SmallInt(Option<i16>),
    Bool(Option<bool>),
    Double(Option<f64>),
    Text(Option<&'r str>),
    Bytes(Option<&'r [u8]>),
}

impl Cell<'_> {
    fn as_sql(&self) -> &dyn ToSql {
        match self {
            Cell::BigInt(value) => value,
            Cell::Int(value) => value,
            Cell::SmallInt(value) => value,
            Cell::Bool(value) => value,
            Cell::Double(value) => value,
            Cell::Text(value) => value,
            Cell::Bytes(value) => value,
        }
    }

    fn null(kind: Kind) -> Cell<'static> {
        match kind {
            Kind::BigInt => Cell::BigInt(None),
            Kind::Int => Cell::Int(None),
            Kind::SmallInt => Cell::SmallInt(None),
            Kind::Bool => Cell::Bool(None),
            Kind::Double => Cell::Double(None),
            Kind::Text => Cell::Text(None),
            Kind::Bytes => Cell::Bytes(None),
        }
    }
}

/// `value` of `column` as PostgreSQL takes it, or what is wrong with it.
fn cell<'r>(value: ValueRef<'r>, column: &Column) -> Result<Cell<'r>, String> {
    let does_not_fit = |value: i64, kind: &str| format!("{value} does not fit PostgreSQL's {kind}");
    Ok(match (value, column.kind) {
        (ValueRef::Null, _) if !column.nullable => {
            return Err("is NULL, which PostgreSQL's column does not allow".to_string())
        }
        (ValueRef::Null, kind) => Cell::null(kind),
        (ValueRef::Integer(value), Kind::BigInt) => Cell::BigInt(Some(value)),
        (ValueRef::Integer(value), Kind::Int) => Cell::Int(Some(
            i32::try_from(value).map_err(|_| does_not_fit(value, "integer"))?,
        )),
        (ValueRef::Integer(value), Kind::SmallInt) => Cell::SmallInt(Some(
            i16::try_from(value).map_err(|_| does_not_fit(value, "smallint"))?,
        )),
        (ValueRef::Integer(value), Kind::Bool) => match value {
            0 => Cell::Bool(Some(false)),
            1 => Cell::Bool(Some(true)),
            other => return Err(format!("{other} is not a boolean (0 or 1)")),
        },
        (ValueRef::Real(value), Kind::Double) => Cell::Double(Some(value)),
        // a whole number SQLite kept as an integer in a REAL column, exactly a double
        (ValueRef::Integer(value), Kind::Double) if value.unsigned_abs() <= 1 << 53 => {
            Cell::Double(Some(value as f64))
        }
        (ValueRef::Text(bytes), Kind::Text) => {
            let text = std::str::from_utf8(bytes)
                .map_err(|error| format!("is not UTF-8 text ({error})"))?;
            if let Some(at) = text.find('\0') {
                return Err(format!(
                    "holds a NUL character (byte {at}), which PostgreSQL's text cannot"
                ));
            }
            Cell::Text(Some(text))
        }
        (ValueRef::Blob(bytes), Kind::Bytes) => Cell::Bytes(Some(bytes)),
        (value, kind) => {
            return Err(format!(
                "holds {}, where PostgreSQL's column is {kind:?}",
                described(value)
            ))
        }
    })
}

/// A value as an error names it.
fn described(value: ValueRef<'_>) -> String {
    match value {
        ValueRef::Null => "NULL".to_string(),
        ValueRef::Integer(value) => format!("the integer {value}"),
        ValueRef::Real(value) => format!("the real {value}"),
        ValueRef::Text(bytes) => {
            let text = String::from_utf8_lossy(bytes);
            let short: String = text.chars().take(40).collect();
            format!("the text {short:?}")
        }
        ValueRef::Blob(bytes) => format!("a blob of {} bytes", bytes.len()),
    }
}

/// The row's key as an error names it: `id 12`, `record 3, member 2`.
fn key_of(plan: &Plan, row: &rusqlite::Row<'_>) -> String {
    let mut key = String::new();
    for (at, column) in plan.columns.iter().enumerate() {
        if !plan.table.key.contains(&column.name.as_str()) {
            continue;
        }
        if !key.is_empty() {
            key.push_str(", ");
        }
        let value = match row.get_ref(at) {
            Ok(ValueRef::Integer(value)) => value.to_string(),
            Ok(ValueRef::Blob(bytes)) => {
                bytes.iter().take(8).fold(String::new(), |mut hex, byte| {
                    let _ = write!(hex, "{byte:02x}");
                    hex
                })
            }
            Ok(other) => described(other),
            Err(_) => "?".to_string(),
        };
        let _ = write!(key, "{} {value}", column.name);
    }
    key
}

/// Copies one table's rows, in its key's order, with one `COPY`; returns how many.
fn copy_table(
    plan: &Plan,
    snapshot: &Connection,
    client: &mut Client,
    total: u64,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<u64, StoreError> {
    let name = plan.table.name;
    let sources: Vec<&str> = plan
        .columns
        .iter()
        .map(|column| column.source.as_str())
        .collect();
    let order: Vec<&str> = plan
        .table
        .key
        .iter()
        .filter_map(|key| {
            plan.columns
                .iter()
                .find(|column| column.name == *key)
                .map(|column| column.source.as_str())
        })
        .collect();
    let mut statement = snapshot.prepare(&format!(
        "SELECT {} FROM {} ORDER BY {}",
        sources.join(", "),
        quoted(name),
        order.join(", ")
    ))?;
    let mut rows = statement.query([])?;
    let names: Vec<String> = plan
        .columns
        .iter()
        .map(|column| quoted(&column.name))
        .collect();
    let sink = client.copy_in(&format!(
        "COPY {} ({}) FROM STDIN (FORMAT binary)",
        quoted(name),
        names.join(", ")
    ))?;
    let mut writer = BinaryCopyInWriter::new(sink, &plan.types);
    let mut copied = 0u64;
    while let Some(row) = rows.next()? {
        let mut cells = Vec::with_capacity(plan.columns.len());
        for (at, column) in plan.columns.iter().enumerate() {
            let converted = cell(row.get_ref(at)?, column).map_err(|problem| {
                StoreError::CopyFailed(format!(
                    "table {name}, row {}: column {} {problem}",
                    key_of(plan, row),
                    column.name
                ))
            })?;
            cells.push(converted);
        }
        writer
            .write_raw(cells.iter().map(Cell::as_sql))
            .map_err(|error| refused_by_postgres(name, &error))?;
        copied += 1;
        if copied.is_multiple_of(PROGRESS_EVERY) {
            progress(name, copied, total);
        }
    }
    let written = writer
        .finish()
        .map_err(|error| refused_by_postgres(name, &error))?;
    progress(name, copied, total);
    if written != copied {
        return Err(StoreError::CopyFailed(format!(
            "table {name}: {copied} rows read from SQLite, {written} taken by PostgreSQL"
        )));
    }
    Ok(copied)
}

/// PostgreSQL's refusal of a table's rows (a check or a reference broken), with its
/// detail, which names the row.
fn refused_by_postgres(table: &str, error: &postgres::Error) -> StoreError {
    let detail = error
        .as_db_error()
        .and_then(|db| db.detail())
        .map(|detail| format!(" ({detail})"))
        .unwrap_or_default();
    StoreError::CopyFailed(format!("table {table}: {error}{detail}"))
}

/// A key, a reference or an index set aside while rows are copied, and made again after,
/// as `pg_restore` loads a database. Checked a row at a time, the references of 1M
/// documents took PostgreSQL 10 s (their check after, one scan, 0.35 s); an index grown a
/// row at a time takes two to three times what one built after does, and even the primary
/// key, growing at its end as rows go in its order, doubled the time rows took to go in.
/// Checks of a row's own values stay.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SetAside {
    table: String,
    name: String,
    /// The constraint's definition (`FOREIGN KEY (owner) REFERENCES member(id)`), or the
    /// index's whole `CREATE INDEX` statement.
    definition: String,
    kind: Aside,
}

/// What is set aside, in the order things are made again: keys (primary, then unique)
/// before the indexes, and references last, as they rely on the keys they refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Aside {
    PrimaryKey,
    Unique,
    Index,
    Reference,
}

/// The keys, references and indexes of the copied tables, as the catalog defines them,
/// in the order they are made again.
fn constraints_and_indexes(client: &mut Client) -> Result<Vec<SetAside>, StoreError> {
    let mut found = Vec::new();
    for row in client.query(
        "SELECT index.relname::text, owner.relname::text, pg_get_indexdef(x.indexrelid)
         FROM pg_index x
         JOIN pg_class index ON index.oid = x.indexrelid
         JOIN pg_class owner ON owner.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = owner.relnamespace
         WHERE n.nspname = current_schema()
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                           WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid
                             AND c.contype IN ('p', 'u', 'x'))",
        &[],
    )? {
        found.push(SetAside {
            name: row.get(0),
            table: row.get(1),
            definition: row.get(2),
            kind: Aside::Index,
        });
    }
    for row in client.query(
        "SELECT c.conname::text, owner.relname::text, pg_get_constraintdef(c.oid),
                c.contype::text
         FROM pg_constraint c
         JOIN pg_class owner ON owner.oid = c.conrelid
         JOIN pg_namespace n ON n.oid = owner.relnamespace
         WHERE n.nspname = current_schema() AND c.contype IN ('p', 'u', 'f')",
        &[],
    )? {
        let kind = match row.get::<_, &str>(3) {
            "p" => Aside::PrimaryKey,
            "u" => Aside::Unique,
            _ => Aside::Reference,
        };
        found.push(SetAside {
            name: row.get(0),
            table: row.get(1),
            definition: row.get(2),
            kind,
        });
    }
    found.retain(|aside| TABLES.iter().any(|table| table.name == aside.table));
    found.sort_by(|a, b| (a.kind, &a.table, &a.name).cmp(&(b.kind, &b.table, &b.name)));
    Ok(found)
}

/// Sets aside the copied tables' keys, references and indexes (the tables are empty:
/// dropping them costs nothing), the references first.
fn set_aside(client: &mut Client) -> Result<Vec<SetAside>, StoreError> {
    let found = constraints_and_indexes(client)?;
    for aside in found.iter().rev() {
        let drop = match aside.kind {
            Aside::Index => format!("DROP INDEX {}", quoted(&aside.name)),
            Aside::PrimaryKey | Aside::Unique | Aside::Reference => format!(
                "ALTER TABLE {} DROP CONSTRAINT {}",
                quoted(&aside.table),
                quoted(&aside.name)
            ),
        };
        client.batch_execute(&drop)?;
    }
    Ok(found)
}

/// Makes again what [`set_aside`] set aside, each over every row copied (a reference or
/// a key the rows break is refused here, naming it), and checks the catalog holds the
/// same as before.
fn restore(client: &mut Client, set_aside: &[SetAside]) -> Result<(), StoreError> {
    // index builds sort every row: more memory than the default's 64 MB for this
    // transaction's
    client.batch_execute("SET LOCAL maintenance_work_mem = '256MB'")?;
    for aside in set_aside {
        let make = match aside.kind {
            Aside::Index => aside.definition.clone(),
            Aside::PrimaryKey | Aside::Unique | Aside::Reference => format!(
                "ALTER TABLE {} ADD CONSTRAINT {} {}",
                quoted(&aside.table),
                quoted(&aside.name),
                aside.definition
            ),
        };
        client
            .batch_execute(&make)
            .map_err(|error| refused_by_postgres(&aside.table, &error))?;
    }
    let restored = constraints_and_indexes(client)?;
    if restored != set_aside {
        return Err(StoreError::CopyFailed(format!(
            "the constraints and indexes made again differ from those set aside: {restored:?}, \
             where {set_aside:?} were"
        )));
    }
    Ok(())
}

/// Sets PostgreSQL's own numbering past what was copied: every sequence or identity of a
/// copied table (members, console users, terms, a hit's history) to continue after its
/// largest value, and `document_id` to the last document id SQLite gave (which its
/// AUTOINCREMENT keeps past the largest id left, ids used by documents written again or
/// purged). Returns each next value.
fn continue_numbering(
    snapshot: &Connection,
    client: &mut Client,
) -> Result<Vec<(String, String, i64)>, StoreError> {
    let mut numbering = Vec::new();
    let numbered = client.query(
        "SELECT table_name::text, column_name::text FROM information_schema.columns
         WHERE table_schema = current_schema()
           AND (column_default LIKE 'nextval(%' OR is_identity = 'YES')
         ORDER BY table_name, column_name",
        &[],
    )?;
    for row in numbered {
        let (table, column): (String, String) = (row.get(0), row.get(1));
        if !TABLES.iter().any(|copied| copied.name == table) {
            continue;
        }
        let next: i64 = client
            .query_one(
                &format!(
                    "SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(MAX({}), 0) + 1, false)
                     FROM {}",
                    quoted(&column),
                    quoted(&table)
                ),
                &[&quoted(&table), &column],
            )?
            .get(0);
        numbering.push((table, column, next));
    }
    let last_given: Option<i64> = snapshot
        .query_row(
            "SELECT seq FROM sqlite_sequence WHERE name = 'document'",
            [],
            |row| row.get(0),
        )
        .optional()?;
    let set = client.query(
        "UPDATE document_id
         SET last = GREATEST(last, $1, (SELECT COALESCE(MAX(id), 0) FROM document))
         RETURNING last",
        &[&last_given.unwrap_or(0)],
    )?;
    let [last] = set.as_slice() else {
        return Err(StoreError::CopyFailed(format!(
            "table document_id: {} rows, where PostgreSQL's store keeps one",
            set.len()
        )));
    };
    // told as the next document id, as the sequences are
    numbering.push((
        "document".to_string(),
        "id".to_string(),
        last.get::<_, i64>(0) + 1,
    ));
    Ok(numbering)
}

/// The audit log as verified the same on both sides.
struct AuditSeen {
    entries: u64,
    head: String,
    root: gatecheck_evidence::Hash,
    checkpoints: usize,
}

/// The audit log the same on both sides: as many entries, the same last one, the same
/// tree (size and root over every entry), the same checkpoints.
fn verify_audit(
    from: &Store,
    target: &PostgresStore,
    entries: u64,
) -> Result<AuditSeen, StoreError> {
    let differs = |what: &str, source: &dyn std::fmt::Display, copy: &dyn std::fmt::Display| {
        StoreError::CopyFailed(format!(
            "audit log: {what} {source} on SQLite, {copy} on PostgreSQL"
        ))
    };
    let (size, copy_size) = (AuditLog::audit_tree_size(from)?, target.audit_tree_size()?);
    if size != copy_size {
        return Err(differs("tree of size", &size, &copy_size));
    }
    if size != entries {
        return Err(StoreError::CopyFailed(format!(
            "audit log: {entries} entries, but a tree of {size} leaves on both sides \
             (`gatecheck audit verify` on the data directory names what happened)"
        )));
    }
    let (root, copy_root) = (
        AuditLog::audit_tree_root(from, size)?,
        target.audit_tree_root(size)?,
    );
    if root != copy_root {
        return Err(differs("tree root", &root, &copy_root));
    }
    let last = i64::try_from(entries).unwrap_or(i64::MAX);
    let (head, copy_head) = (
        AuditLog::audit_entries(from, last, last)?,
        target.audit_entries(last, last)?,
    );
    if head != copy_head {
        return Err(StoreError::CopyFailed(format!(
            "audit log: entry {last} reads otherwise on PostgreSQL than on SQLite"
        )));
    }
    let (checkpoints, copy_checkpoints) = (
        AuditLog::audit_checkpoints(from)?,
        target.audit_checkpoints()?,
    );
    if checkpoints != copy_checkpoints {
        return Err(differs(
            "checkpoints",
            &checkpoints.len(),
            &copy_checkpoints.len(),
        ));
    }
    Ok(AuditSeen {
        entries,
        head: head
            .last()
            .map_or_else(|| crate::CHAIN_START.to_string(), |row| row.hash.clone()),
        root,
        checkpoints: checkpoints.len(),
    })
}

/// Reads `read` through the traits on both sides and finds it equal, noting `what`.
fn same<T: PartialEq>(
    checks: &mut Vec<String>,
    what: String,
    (source, copy): (&dyn Backend, &dyn Backend),
    read: impl Fn(&dyn Backend) -> Result<T, StoreError>,
) -> Result<(), StoreError> {
    if read(source)? != read(copy)? {
        return Err(StoreError::CopyFailed(format!(
            "{what} reads otherwise on PostgreSQL than on SQLite"
        )));
    }
    checks.push(what);
    Ok(())
}

/// Reads the newest rows of every concept through the traits on both sides, and finds
/// them equal: what a node reads after the move is what the store read before it.
fn spot_check(
    snapshot: &Connection,
    from: &Store,
    target: &PostgresStore,
    checks: &mut Vec<String>,
) -> Result<(), StoreError> {
    let both: (&dyn Backend, &dyn Backend) = (from, target);
    // the newest row of a table, by its id, and a column of it
    let newest = |table: &str, column: &str| -> Result<Option<(i64, i64)>, StoreError> {
        Ok(snapshot
            .query_row(
                &format!(
                    "SELECT id, {} FROM {} ORDER BY id DESC LIMIT 1",
                    quoted(column),
                    quoted(table)
                ),
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?)
    };
    same(checks, "members".to_string(), both, |store| store.members())?;
    same(checks, "imports".to_string(), both, |store| store.imports())?;
    same(
        checks,
        "the change feed's newest change".to_string(),
        both,
        |store| {
            let last = store.last_change()?;
            Ok((last, store.changes_after(last - 1, 1)?))
        },
    )?;
    if let Some((id, owner)) = newest("record", "owner")? {
        same(checks, format!("record {id}"), both, |store| {
            Ok((
                store.record(id)?,
                store.record_versions(id)?,
                store.records_of(owner, 10, 0)?,
            ))
        })?;
    }
    if let Some((id, owner)) = newest("document", "owner")? {
        same(checks, format!("document {id}"), both, |store| {
            Ok((
                store.document(id)?,
                store.document_versions(id)?,
                store.document_terms_of(owner)?,
            ))
        })?;
    }
    if let Some((id, querier)) = newest("hit", "querier")? {
        same(checks, format!("hit {id}"), both, |store| {
            Ok((
                store.hit(id)?,
                store.hit_history(id)?,
                store.suppression_of_hit(id)?,
                store.manifest_of_hit(id)?,
                store.hits_of(querier, &HitFilter::default(), 10, 0)?,
            ))
        })?;
    }
    if let Some((id, owner)) = newest("notification", "owner")? {
        same(checks, format!("notification {id}"), both, |store| {
            store.notifications(owner, id - 1, 1)
        })?;
    }
    if let Some((id, querier)) = newest("suppression", "querier")? {
        let details: String = snapshot.query_row(
            "SELECT details FROM suppression WHERE id = ?1",
            [id],
            |row| row.get(0),
        )?;
        same(checks, format!("suppression {id}"), both, |store| {
            store.suppressions_for(querier, &details)
        })?;
    }
    if let Some((id, querier)) = newest("manifest", "querier")? {
        same(checks, format!("manifest {id}"), both, |store| {
            Ok((store.manifest(id)?, store.manifests_of(querier, 10, 0)?))
        })?;
    }
    if let Some((id, author)) = newest("fiu_report", "author")? {
        same(checks, format!("report {id}"), both, |store| {
            Ok((store.report(id)?, store.reports_of(author, 10, 0)?))
        })?;
    }
    if let Some((id, member)) = newest("console_user", "member")? {
        same(checks, format!("console user {id}"), both, |store| {
            Ok((store.user_by_id(id)?, store.users_of(member)?))
        })?;
    }
    let session: Option<Vec<u8>> = snapshot
        .query_row(
            "SELECT token_hash FROM console_session ORDER BY token_hash DESC LIMIT 1",
            [],
            |row| row.get(0),
        )
        .optional()?;
    if let Some(token_hash) = session {
        same(checks, "a session".to_string(), both, |store| {
            store.session(&token_hash)
        })?;
    }
    Ok(())
}
