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
    // 2: person records, who may see them, and every version of each. Ids are given by
    // the writer under the records lock, as SQLite gives them (the largest plus one), not
    // by a sequence: a sequence is outside transactions, so a write undone would use ids
    // up. They stay below the documents' (2^40), one id space with them. Text the store
    // compares or orders by (review dates) compares as SQLite's does, byte by byte.
    "CREATE TABLE record (
        id BIGINT PRIMARY KEY CHECK (id BETWEEN 1 AND 1099511627775),
        owner BIGINT NOT NULL REFERENCES member(id),
        entity_id TEXT NOT NULL,
        entity TEXT NOT NULL,
        access_level TEXT COLLATE \"C\" NOT NULL
            CHECK (access_level IN ('all', 'members', 'owner-only')),
        action TEXT COLLATE \"C\" NOT NULL,
        review_by TEXT COLLATE \"C\" NOT NULL,
        version BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        deleted_at BIGINT,
        UNIQUE (owner, entity_id)
    );
    CREATE INDEX record_by_update ON record (updated_at);
    CREATE INDEX record_by_deletion ON record (deleted_at);
    CREATE TABLE record_access (
        record BIGINT NOT NULL REFERENCES record(id),
        member BIGINT NOT NULL REFERENCES member(id),
        PRIMARY KEY (record, member)
    );
    CREATE TABLE record_version (
        record BIGINT NOT NULL REFERENCES record(id),
        version BIGINT NOT NULL,
        entity TEXT NOT NULL,
        access_level TEXT NOT NULL,
        access_members TEXT NOT NULL,
        action TEXT NOT NULL,
        review_by TEXT NOT NULL,
        at BIGINT NOT NULL,
        actor TEXT NOT NULL,
        PRIMARY KEY (record, version)
    );",
    // 3: the console's users (people of a member, with a role and a language, their
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
    // 4: travel documents, narrow rows (a hundred million must fit on one disk: a status
    // as SMALLINT 1..4, dates as INTEGER days since 1970, the shared terms by an INTEGER
    // id), the terms many documents share, every version before a document's last change,
    // and imports with how far each got. Document ids are given by the writer under the
    // documents lock from `document_id`, the last id given, as SQLite's AUTOINCREMENT
    // gives them: in the write's transaction (a write undone uses none up, unlike a
    // sequence), and never twice (a document removed past its review date leaves its id
    // used). Terms ids come from a sequence: only their order is seen, and it is the
    // order they were made in either way. Text compared or ordered by is collated "C".
    r#"CREATE TABLE terms (
        id SERIAL PRIMARY KEY,
        access_level TEXT COLLATE "C" NOT NULL
            CHECK (access_level IN ('all', 'members', 'owner-only')),
        access_members TEXT COLLATE "C" NOT NULL,
        action TEXT COLLATE "C" NOT NULL,
        review_by TEXT COLLATE "C" NOT NULL,
        UNIQUE (access_level, access_members, action, review_by)
    );
    CREATE TABLE document (
        id BIGINT PRIMARY KEY CHECK (id >= 1099511627776),
        owner BIGINT NOT NULL REFERENCES member(id),
        deleted_at BIGINT,
        reported_on INTEGER NOT NULL,
        terms INTEGER NOT NULL REFERENCES terms(id),
        version INTEGER NOT NULL,
        status SMALLINT NOT NULL CHECK (status BETWEEN 1 AND 4),
        number TEXT COLLATE "C" NOT NULL,
        issuing_state TEXT COLLATE "C" NOT NULL,
        type TEXT COLLATE "C" NOT NULL
    );
    CREATE UNIQUE INDEX document_key ON document (number, issuing_state, type, owner);
    CREATE TABLE document_id (last BIGINT NOT NULL);
    INSERT INTO document_id VALUES (1099511627775);
    CREATE TABLE document_version (
        document BIGINT NOT NULL REFERENCES document(id),
        deleted_at BIGINT,
        superseded_at BIGINT NOT NULL,
        version INTEGER NOT NULL,
        reported_on INTEGER NOT NULL,
        terms INTEGER NOT NULL REFERENCES terms(id),
        status SMALLINT NOT NULL,
        actor TEXT NOT NULL,
        PRIMARY KEY (document, version)
    );
    CREATE INDEX document_version_by_terms ON document_version (terms);
    CREATE TABLE import (
        id BIGINT PRIMARY KEY,
        member BIGINT NOT NULL REFERENCES member(id),
        file TEXT NOT NULL,
        digest TEXT NOT NULL,
        terms TEXT NOT NULL,
        items_done BIGINT NOT NULL,
        added BIGINT NOT NULL,
        changed BIGINT NOT NULL,
        unchanged BIGINT NOT NULL,
        started_at BIGINT NOT NULL,
        finished_at BIGINT
    );"#,
    // 5: hits (a query matched a record or a document) with their history, the members'
    // notifications, and the suppressions false positives make. A hit names a record or a
    // document (one id space), so `hit.record` refers to no table, as in SQLite since its
    // migration 5. `hit.manifest` names the manifest a hit was raised on (a reference to
    // `manifest` since migration 6). Hit, notification and suppression ids are
    // given by the writer under the hits lock (the largest plus one), as SQLite gives
    // them: in the order writes commit, none used up by a write undone. A hit's history
    // is ordered by `hit_event.id` (SQLite's rowid), which nothing reads but that order,
    // and found by `hit_event_by_hit` (SQLite scans).
    "CREATE TABLE hit (
        id BIGINT PRIMARY KEY,
        at BIGINT NOT NULL,
        querier BIGINT NOT NULL REFERENCES member(id),
        record BIGINT NOT NULL,
        owner BIGINT NOT NULL REFERENCES member(id),
        query TEXT NOT NULL,
        score DOUBLE PRECISION NOT NULL,
        explanation TEXT NOT NULL,
        status TEXT NOT NULL
            CHECK (status IN ('open', 'confirmed', 'false-positive', 'escalated')),
        manifest BIGINT
    );
    CREATE INDEX hit_queue ON hit (querier, at DESC, score DESC, id DESC);
    CREATE TABLE hit_event (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        hit BIGINT NOT NULL REFERENCES hit(id),
        at BIGINT NOT NULL,
        actor TEXT NOT NULL,
        status TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    CREATE INDEX hit_event_by_hit ON hit_event (hit, id);
    CREATE TABLE notification (
        id BIGINT PRIMARY KEY,
        owner BIGINT NOT NULL REFERENCES member(id),
        hit BIGINT NOT NULL REFERENCES hit(id),
        at BIGINT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'hit' CHECK (kind IN ('hit', 'escalated', 'answered'))
    );
    CREATE INDEX notification_by_owner ON notification (owner, id);
    CREATE TABLE suppression (
        id BIGINT PRIMARY KEY,
        querier BIGINT NOT NULL REFERENCES member(id),
        record BIGINT NOT NULL,
        record_version BIGINT NOT NULL,
        details TEXT NOT NULL,
        hit BIGINT NOT NULL REFERENCES hit(id),
        at BIGINT NOT NULL,
        actor TEXT NOT NULL,
        revoked_at BIGINT,
        revoked_by TEXT
    );
    CREATE INDEX suppression_by_details ON suppression (querier, details);
    CREATE INDEX suppression_by_hit ON suppression (hit);",
    // 6: screened manifests (a flight's passenger list) with the answer given, each hit
    // raised on one naming it. Their ids are given by the writer under the hits lock (the
    // largest plus one, as SQLite gives them), as they are only ever written with their
    // hits: in the order writes commit, none used up by a write undone. The answer is
    // kept as the text it was given, not as `json` or `jsonb` (which would refuse or
    // rewrite what SQLite keeps). `manifest_queue` orders a member's manifests for
    // `manifests_of`. `hit.manifest` was empty in every row before this migration, so its
    // new reference holds at once; it is checked when the write commits, so that a
    // manifest's hits are written before it, as SQLite writes them. Flight and reference
    // are searched by a flight filter: collated "C", as SQLite compares text.
    r#"CREATE TABLE manifest (
        id BIGINT PRIMARY KEY,
        at BIGINT NOT NULL,
        querier BIGINT NOT NULL REFERENCES member(id),
        source TEXT NOT NULL,
        reference TEXT COLLATE "C" NOT NULL,
        flight TEXT COLLATE "C" NOT NULL,
        travellers BIGINT NOT NULL,
        digest TEXT NOT NULL,
        answer TEXT NOT NULL
    );
    CREATE INDEX manifest_queue ON manifest (querier, at DESC, id DESC);
    ALTER TABLE hit ADD CONSTRAINT hit_manifest FOREIGN KEY (manifest) REFERENCES manifest(id)
        DEFERRABLE INITIALLY DEFERRED;"#,
    // 7: the change feed of person records (see `changes.rs`): a row for each record a
    // write added, changed, deleted or purged, numbered by the writer under the records
    // lock in the order writes commit (the largest plus one; pruning keeps the newest, so
    // a number is never given twice). `record` refers to no table, as a log's entries
    // name what they are about. Records written before have one change each, in the order
    // of their last change.
    "CREATE TABLE record_change (
        seq BIGINT PRIMARY KEY,
        record BIGINT NOT NULL,
        at BIGINT NOT NULL
    );
    INSERT INTO record_change (seq, record, at)
    SELECT row_number() OVER (ORDER BY changed_at, id), id, changed_at
    FROM (SELECT id, GREATEST(updated_at, deleted_at) AS changed_at FROM record) AS changed;",
    // 8: a document's member and terms checked once a statement, not once a row. The
    // foreign keys of `document` looked both up for every row written (a query each,
    // locking the row it found): three quarters of a bulk import's time, 55,000 rows/s at
    // most. Statement triggers check the rows a statement wrote (a transition table: one
    // join a statement) and the member and terms rows it removed, with the foreign key's
    // error (`foreign_key_violation`); their ids are never changed. The triggers lock no
    // rows: every write of documents and every removal of terms holds the documents lock,
    // and members are never removed. `document_version` keeps its foreign keys (versions
    // are few, and written a few at a time).
    r#"ALTER TABLE document
        DROP CONSTRAINT document_owner_fkey,
        DROP CONSTRAINT document_terms_fkey;
    CREATE FUNCTION document_names_members_and_terms() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM written w
                   WHERE NOT EXISTS (SELECT 1 FROM member m WHERE m.id = w.owner)
                      OR NOT EXISTS (SELECT 1 FROM terms t WHERE t.id = w.terms)) THEN
            RAISE foreign_key_violation
                USING MESSAGE = 'a document names a member or terms that do not exist';
        END IF;
        RETURN NULL;
    END $$;
    CREATE TRIGGER document_added AFTER INSERT ON document
        REFERENCING NEW TABLE AS written
        FOR EACH STATEMENT EXECUTE FUNCTION document_names_members_and_terms();
    CREATE TRIGGER document_changed AFTER UPDATE ON document
        REFERENCING NEW TABLE AS written
        FOR EACH STATEMENT EXECUTE FUNCTION document_names_members_and_terms();
    CREATE FUNCTION named_by_no_document() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        named BOOLEAN;
    BEGIN
        IF TG_TABLE_NAME = 'member' THEN
            named := EXISTS (SELECT 1 FROM document WHERE owner IN (SELECT id FROM removed));
        ELSE
            named := EXISTS (SELECT 1 FROM document WHERE terms IN (SELECT id FROM removed));
        END IF;
        IF named THEN
            RAISE foreign_key_violation
                USING MESSAGE = format('%s removed named by documents', TG_TABLE_NAME);
        END IF;
        RETURN NULL;
    END $$;
    CREATE TRIGGER member_removed AFTER DELETE ON member
        REFERENCING OLD TABLE AS removed
        FOR EACH STATEMENT EXECUTE FUNCTION named_by_no_document();
    CREATE TRIGGER terms_removed AFTER DELETE ON terms
        REFERENCING OLD TABLE AS removed
        FOR EACH STATEMENT EXECUTE FUNCTION named_by_no_document();
    CREATE FUNCTION id_kept() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.id IS DISTINCT FROM OLD.id THEN
            RAISE foreign_key_violation
                USING MESSAGE = format('%s ids are not changed', TG_TABLE_NAME);
        END IF;
        RETURN NEW;
    END $$;
    CREATE TRIGGER member_id_kept BEFORE UPDATE OF id ON member
        FOR EACH ROW EXECUTE FUNCTION id_kept();
    CREATE TRIGGER terms_id_kept BEFORE UPDATE OF id ON terms
        FOR EACH ROW EXECUTE FUNCTION id_kept();"#,
    // whether a querier has any suppression in force, asked by every group as it takes
    // its locks (for the queriers of the groups before): one probe of this index each,
    // however many of the querier's suppressions were revoked
    "CREATE INDEX suppression_in_force ON suppression (querier) WHERE revoked_at IS NULL;",
    // the published list a record is an entry of (empty when none), so that a newer version
    // of the list removes the entries it no longer has; and how many an import removed
    "ALTER TABLE record ADD COLUMN source_list TEXT NOT NULL DEFAULT '';
    CREATE INDEX record_by_list ON record (owner, source_list) WHERE source_list != '';
    ALTER TABLE import ADD COLUMN removed BIGINT NOT NULL DEFAULT 0;",
    // screenings kept for a few days, so that travellers who passed before a record was
    // added or changed are screened again against it (`concepts::Screenings`)
    "CREATE TABLE screening_kept (
        id BIGSERIAL PRIMARY KEY,
        at BIGINT NOT NULL,
        querier BIGINT NOT NULL REFERENCES member(id),
        query TEXT NOT NULL
    );
    CREATE INDEX screening_kept_by_moment ON screening_kept (at);",
    // a traveller screened again within a shift is a sighting of the open hit already
    // raised, not a new hit: the hit keeps the traveller's details (a digest, as a
    // suppression compares them), when it was last seen and how many times
    "ALTER TABLE hit ADD COLUMN details TEXT;
    ALTER TABLE hit ADD COLUMN last_seen_at BIGINT NOT NULL DEFAULT 0;
    ALTER TABLE hit ADD COLUMN seen_count BIGINT NOT NULL DEFAULT 1;
    UPDATE hit SET last_seen_at = at;
    CREATE INDEX hit_open_by_details ON hit (querier, record, details)
        WHERE status = 'open' AND details IS NOT NULL;",
    // a record's names as its owner's search finds them (`crate::searchable`), filled for
    // the records written before by `records::fill_searchable_names`, in Rust (the names'
    // search form is not SQL's to compute), as on SQLite; a search reads them among the
    // owner's rows
    "ALTER TABLE record ADD COLUMN searchable_names TEXT NOT NULL DEFAULT '';",
    // the time zone a member's officers work in (IANA name; empty: UTC only)
    "ALTER TABLE member ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';",
    // payments and shipments kept as manifests are, told apart by `kind`; suspicious
    // transaction reports for another member's financial intelligence unit, numbered the
    // largest plus one under the hits lock, as on SQLite, their recipient notified
    // (`notification.kind` `report`, naming the report)
    "ALTER TABLE manifest ADD COLUMN kind TEXT NOT NULL DEFAULT 'flight'
        CHECK (kind IN ('flight', 'payment', 'shipment'));
    CREATE TABLE fiu_report (
        id BIGINT PRIMARY KEY,
        at BIGINT NOT NULL,
        author BIGINT NOT NULL REFERENCES member(id),
        recipient BIGINT NOT NULL REFERENCES member(id),
        hit BIGINT NOT NULL REFERENCES hit(id),
        reference TEXT NOT NULL,
        report TEXT NOT NULL,
        digest TEXT NOT NULL
    );
    CREATE INDEX fiu_report_by_author ON fiu_report (author, id);
    CREATE INDEX fiu_report_by_recipient ON fiu_report (recipient, id);
    ALTER TABLE notification DROP CONSTRAINT notification_kind_check;
    ALTER TABLE notification ADD CONSTRAINT notification_kind_check
        CHECK (kind IN ('hit', 'escalated', 'answered', 'report'));
    ALTER TABLE notification ADD COLUMN report BIGINT REFERENCES fiu_report(id);",
];

/// The schema version that adds `record.searchable_names`, whose migration is followed, in
/// its transaction, by `records::fill_searchable_names` for the records written before.
pub(super) const SEARCHABLE_NAMES_ADDED: usize = 13;
