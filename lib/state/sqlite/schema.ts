/**
 * The embedded store's tables. Times are Unix milliseconds (integers compare fast and sort right);
 * values are JSON text. A write to a namespace that some process watches also lands in
 * `wfc_state_changes` through triggers, in the same transaction, which is how subscribers in other
 * processes learn about it.
 *
 * Version 2 made `wfc_state` a rowid table. In a WITHOUT ROWID table the whole record lives in the
 * primary-key b-tree, whose cells overflow to extra pages above ~1,000 bytes: a record of ~1 KB
 * then cost about three times as much to rewrite. Now only (namespace, key) is in the index.
 *
 * Version 3 writes change rows only for namespaces listed in `wfc_state_subscribers`. Copying every
 * ~1 KB value into the change table cost about a third of a bulk write, for changes that nobody
 * read when no Shared State Trigger was active.
 */
export const SCHEMA_VERSION = 3;

const STATE_TABLE_COLUMNS = `
	namespace TEXT NOT NULL,
	key TEXT NOT NULL,
	value TEXT NOT NULL,
	version INTEGER NOT NULL,
	created_ms INTEGER NOT NULL,
	updated_ms INTEGER NOT NULL,
	expires_ms INTEGER,
	last_operation TEXT NOT NULL,
	PRIMARY KEY (namespace, key)`;

/**
 * Rebuilds a version 1 table as a rowid table with the same columns and rows. Dropping the old
 * table drops its index and triggers, which CREATE_SCHEMA then creates again on the new one.
 */
export const UPGRADE_FROM_VERSION_1 = `
CREATE TABLE wfc_state_v2 (${STATE_TABLE_COLUMNS});
INSERT INTO wfc_state_v2 (namespace, key, value, version, created_ms, updated_ms, expires_ms, last_operation)
	SELECT namespace, key, value, version, created_ms, updated_ms, expires_ms, last_operation FROM wfc_state;
DROP TABLE wfc_state;
ALTER TABLE wfc_state_v2 RENAME TO wfc_state;
`;

/** Versions before 3 announced every write; CREATE_SCHEMA then makes the triggers that ask first. */
export const DROP_CHANGE_TRIGGERS = `
DROP TRIGGER IF EXISTS wfc_state_inserted;
DROP TRIGGER IF EXISTS wfc_state_updated;
DROP TRIGGER IF EXISTS wfc_state_deleted;
`;

// Whether some process watches the row's namespace: a primary-key prefix lookup in a table of a
// few rows, so a write nobody watches adds no change row.
const WATCHED = (row: 'NEW' | 'OLD') =>
	`EXISTS (SELECT 1 FROM wfc_state_subscribers WHERE namespace = ${row}.namespace)`;

export const CREATE_SCHEMA = `
CREATE TABLE IF NOT EXISTS wfc_state (${STATE_TABLE_COLUMNS});

CREATE INDEX IF NOT EXISTS wfc_state_expiry ON wfc_state (expires_ms) WHERE expires_ms IS NOT NULL;

CREATE TABLE IF NOT EXISTS wfc_state_changes (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	namespace TEXT NOT NULL,
	key TEXT NOT NULL,
	operation TEXT NOT NULL,
	value TEXT,
	version INTEGER NOT NULL,
	changed_ms INTEGER NOT NULL
);

-- One row per process (subscriber) and watched namespace. The change feed renews the lease while it
-- runs; housekeeping removes rows whose lease ran out (a process that died without unsubscribing).
CREATE TABLE IF NOT EXISTS wfc_state_subscribers (
	namespace TEXT NOT NULL,
	subscriber TEXT NOT NULL,
	lease_until_ms INTEGER NOT NULL,
	PRIMARY KEY (namespace, subscriber)
) WITHOUT ROWID;

CREATE TRIGGER IF NOT EXISTS wfc_state_inserted AFTER INSERT ON wfc_state WHEN ${WATCHED('NEW')} BEGIN
	INSERT INTO wfc_state_changes (namespace, key, operation, value, version, changed_ms)
	VALUES (NEW.namespace, NEW.key, NEW.last_operation, NEW.value, NEW.version, NEW.updated_ms);
END;

CREATE TRIGGER IF NOT EXISTS wfc_state_updated AFTER UPDATE ON wfc_state WHEN ${WATCHED('NEW')} BEGIN
	INSERT INTO wfc_state_changes (namespace, key, operation, value, version, changed_ms)
	VALUES (NEW.namespace, NEW.key, NEW.last_operation, NEW.value, NEW.version, NEW.updated_ms);
END;

-- Removing a record that had already expired is housekeeping, not a change anyone made.
CREATE TRIGGER IF NOT EXISTS wfc_state_deleted AFTER DELETE ON wfc_state
WHEN (OLD.expires_ms IS NULL OR OLD.expires_ms > CAST(unixepoch('subsec') * 1000 AS INTEGER))
	AND ${WATCHED('OLD')} BEGIN
	INSERT INTO wfc_state_changes (namespace, key, operation, value, version, changed_ms)
	VALUES (OLD.namespace, OLD.key, 'delete', NULL, 0, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
`;
