import type { DatabaseSync } from 'node:sqlite';

import { sqlEditFunction } from './edit-function';
import { CREATE_SCHEMA, SCHEMA_VERSION, UPGRADE_FROM_VERSION_1 } from './schema';

/** Pragmas, the edit function and the schema; every step is idempotent. */
export function prepareDatabase(db: DatabaseSync): void {
	db.exec('PRAGMA journal_mode = WAL');
	// NORMAL is durable against process crashes in WAL mode, which is what n8n restarts are.
	db.exec('PRAGMA synchronous = NORMAL');
	db.function('wfc_edit', { deterministic: true }, sqlEditFunction);
	const { user_version: version } = db.prepare('PRAGMA user_version').get() as {
		user_version: number;
	};
	if (version >= SCHEMA_VERSION) return;
	db.exec('BEGIN IMMEDIATE');
	try {
		// Read again under the write lock: another process may have upgraded the file meanwhile.
		const { user_version: current } = db.prepare('PRAGMA user_version').get() as {
			user_version: number;
		};
		if (current === 1) db.exec(UPGRADE_FROM_VERSION_1);
		db.exec(CREATE_SCHEMA);
		db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
		db.exec('COMMIT');
	} catch (error) {
		db.exec('ROLLBACK');
		throw error;
	}
}
