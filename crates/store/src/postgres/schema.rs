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
    // 2: the console's users (people of a member, with a role and a language, their
    // passwords as Argon2id hashes) and their sessions (only a hash of each token kept),
    // in the database so that any node answers any signed-in request. A name is collated
    // by its bytes ("C"), as SQLite compares text, so that it is unique and listed in one
    // order whatever the database's locale. The session's `"user"` keeps SQLite's column
    // name; unquoted, `user` is PostgreSQL's `current_user`, so it is quoted everywhere.
    r#"CREATE TABLE console_user (
        id BIGSERIAL PRIMARY KEY,
        member BIGINT NOT NULL REFERENCES member(id),
        name TEXT COLLATE "C" NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('officer', 'supervisor', 'administrator')),
        language TEXT NOT NULL CHECK (language IN ('en', 'ar')),
        password_salt BYTEA NOT NULL,
        password_hash BYTEA NOT NULL,
        password_params TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        disabled_at BIGINT
    );
    CREATE TABLE console_session (
        token_hash BYTEA PRIMARY KEY,
        "user" BIGINT NOT NULL REFERENCES console_user(id),
        created_at BIGINT NOT NULL,
        last_seen BIGINT NOT NULL
    );"#,
];
