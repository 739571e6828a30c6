//! The PostgreSQL schema: numbered migrations, applied in order by `migrate`.

/// Schema versions, in order: each entry upgrades from the one before.
pub(super) const MIGRATIONS: &[&str] = &[
    // 1: members, the audit log, its Merkle tree and the hub's signed checkpoints
    "CREATE TABLE member (
        id BIGSERIAL PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        country TEXT NOT NULL,
        admin BOOLEAN NOT NULL,
        key_hash BYTEA NOT NULL,
        created_at BIGINT NOT NULL,
        revoked_at BIGINT,
        contact TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE audit (
        seq BIGINT PRIMARY KEY,
        at BIGINT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        digest TEXT NOT NULL,
        previous TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE INDEX audit_by_subject ON audit (subject);
    CREATE INDEX audit_by_moment ON audit (at);
    CREATE TABLE audit_node (
        level SMALLINT NOT NULL,
        position BIGINT NOT NULL,
        hash BYTEA NOT NULL,
        PRIMARY KEY (level, position)
    );
    CREATE TABLE audit_checkpoint (
        size BIGINT PRIMARY KEY,
        at BIGINT NOT NULL,
        note TEXT NOT NULL
    );",
];
