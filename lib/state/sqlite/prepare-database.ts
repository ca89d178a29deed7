import type { DatabaseSync } from 'node:sqlite';

import { sqlEditFunction } from './edit-function';
import {
	CREATE_SCHEMA,
	DROP_CHANGE_TRIGGERS,
	SCHEMA_VERSION,
	UPGRADE_FROM_VERSION_1,
} from './schema';

/** Pragmas, the edit function and the schema; every step is idempotent. */
export function prepareDatabase(db: DatabaseSync): void {
	db.exec('PRAGMA journal_mode = WAL');
	// NORMAL is durable against process crashes in WAL mode, which is what n8n restarts are.
	db.exec('PRAGMA synchronous = NORMAL');
	// 16 MB instead of SQLite's 2 MB: a batch of 10,000 records of ~1 KB touches ~10 MB of pages,
	// which the default cache cannot hold, so every statement read its page back from the OS.
	db.exec('PRAGMA cache_size = -16000');
	db.function('wfc_edit', { deterministic: true }, sqlEditFunction);
	if (schemaVersion(db) >= SCHEMA_VERSION) return;
	db.exec('BEGIN IMMEDIATE');
	try {
		// Read again under the write lock: another process may have upgraded the file meanwhile.
		const current = schemaVersion(db);
		if (current < SCHEMA_VERSION) upgrade(db, current);
		db.exec('COMMIT');
	} catch (error) {
		db.exec('ROLLBACK');
		throw error;
	}
}

function schemaVersion(db: DatabaseSync): number {
	const { user_version: version } = db.prepare('PRAGMA user_version').get() as {
		user_version: number;
	};
	return version;
}

/** From any earlier version (0: a new file) to SCHEMA_VERSION, inside the caller's transaction. */
function upgrade(db: DatabaseSync, from: number): void {
	if (from === 1) db.exec(UPGRADE_FROM_VERSION_1);
	// Triggers of versions 1 and 2 announce every write, and CREATE TRIGGER IF NOT EXISTS would keep them.
	db.exec(DROP_CHANGE_TRIGGERS);
	db.exec(CREATE_SCHEMA);
	db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
}
