/**
 * The embedded store's tables. Times are Unix milliseconds (integers compare fast and sort right);
 * values are JSON text. Every write also lands in `wfc_state_changes` through triggers, in the same
 * transaction, which is how subscribers in other processes learn about it.
 */
export const SCHEMA_VERSION = 1;

export const CREATE_SCHEMA = `
CREATE TABLE IF NOT EXISTS wfc_state (
	namespace TEXT NOT NULL,
	key TEXT NOT NULL,
	value TEXT NOT NULL,
	version INTEGER NOT NULL,
	created_ms INTEGER NOT NULL,
	updated_ms INTEGER NOT NULL,
	expires_ms INTEGER,
	last_operation TEXT NOT NULL,
	PRIMARY KEY (namespace, key)
) WITHOUT ROWID;

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

CREATE TRIGGER IF NOT EXISTS wfc_state_inserted AFTER INSERT ON wfc_state BEGIN
	INSERT INTO wfc_state_changes (namespace, key, operation, value, version, changed_ms)
	VALUES (NEW.namespace, NEW.key, NEW.last_operation, NEW.value, NEW.version, NEW.updated_ms);
END;

CREATE TRIGGER IF NOT EXISTS wfc_state_updated AFTER UPDATE ON wfc_state BEGIN
	INSERT INTO wfc_state_changes (namespace, key, operation, value, version, changed_ms)
	VALUES (NEW.namespace, NEW.key, NEW.last_operation, NEW.value, NEW.version, NEW.updated_ms);
END;

-- Removing a record that had already expired is housekeeping, not a change anyone made.
CREATE TRIGGER IF NOT EXISTS wfc_state_deleted AFTER DELETE ON wfc_state
WHEN OLD.expires_ms IS NULL OR OLD.expires_ms > CAST(unixepoch('subsec') * 1000 AS INTEGER) BEGIN
	INSERT INTO wfc_state_changes (namespace, key, operation, value, version, changed_ms)
	VALUES (OLD.namespace, OLD.key, 'delete', NULL, 0, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
`;
