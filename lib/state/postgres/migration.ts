import type { Pool, PoolClient } from 'pg';

import { LISTENERS_TABLE, listenersTableStatement } from './change-listeners';
import { PostgresStateError } from './errors';
import {
	CHANGED_ROWS,
	FUNCTION_NAMES,
	FUNCTIONS_VERSION,
	functionStatements,
} from './schema-functions';
import type { StateTable } from './state-table';

/**
 * The change triggers, one per statement and kind of change (a trigger with a transition table may
 * have only one event). The insert trigger keeps the name the earlier row-level trigger had: a
 * process still running the earlier version looks for that name and would otherwise add its
 * row-level trigger back, doubling every notification.
 */
const CHANGE_TRIGGERS: Array<[name: string, event: string, transition: string]> = [
	['wfc_notify_change', 'INSERT', 'NEW'],
	['wfc_notify_change_update', 'UPDATE', 'NEW'],
	['wfc_notify_change_delete', 'DELETE', 'OLD'],
];

/**
 * Columns the backend needs and how to add each to an existing table. The first five are the
 * tutorial's `workflow_states` table; all are nullable or have a default, so adding them to a table
 * with rows keeps those rows (under the namespace 'default', version 1, never expiring).
 */
const COLUMNS: Array<[name: string, definition: string]> = [
	['id', 'serial'],
	['workflow_id', 'varchar(255)'],
	['state_data', 'jsonb'],
	['created_at', 'timestamp DEFAULT now()'],
	['updated_at', 'timestamp DEFAULT now()'],
	['namespace', "text NOT NULL DEFAULT 'default'"],
	['version', 'bigint NOT NULL DEFAULT 1'],
	['expires_at', 'timestamptz'],
	['last_operation', 'text'],
];

/**
 * How full PostgreSQL fills the pages of a table the migration creates. State rows are rewritten
 * all the time; a new row version that fits on its page is a HOT update, which touches no index,
 * and a batch that rewrites every row of a page needs room for a second copy of each. For 10,000
 * merges of ~1 KB that halved the pages the statement touched. Tables that already exist keep their setting.
 */
const STATE_TABLE_FILLFACTOR = 50;

interface TableInspection {
	columns: string[];
	hasUniqueIndex: boolean;
	hasExpiryIndex: boolean;
	hasListenersTable: boolean;
	statementTriggers: number;
	currentFunctions: number;
}

/**
 * Creates the table, its indexes, helper functions, change triggers and the change listeners'
 * registrations table, or brings an existing table (such as the tutorial's) up to date.
 * Idempotent; an advisory lock makes processes that start at the same moment take turns. Only
 * missing pieces are created, so a table that is already complete is not locked by DDL on every
 * process start.
 *
 * @throws PostgresStateError when existing rows repeat a key, so the unique index cannot be built.
 */
export async function migrateStateTable(pool: Pool, table: StateTable): Promise<void> {
	const client = await pool.connect();
	try {
		await client.query('BEGIN');
		await client.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [
			'wfc_state_migration',
			table.qualified,
		]);
		await bringUpToDate(client, table);
		await client.query('COMMIT');
	} catch (error) {
		await client.query('ROLLBACK').catch(() => undefined);
		throw error;
	} finally {
		client.release();
	}
}

async function bringUpToDate(client: PoolClient, table: StateTable): Promise<void> {
	let found = await inspect(client, table);
	if (found.columns.length === 0) {
		if (table.schema !== 'public') {
			await client.query(`CREATE SCHEMA IF NOT EXISTS ${table.quotedSchema}`);
		}
		await client.query(`CREATE TABLE IF NOT EXISTS ${table.qualified} (
			id serial PRIMARY KEY,
			workflow_id varchar(255),
			state_data jsonb,
			created_at timestamp DEFAULT now(),
			updated_at timestamp DEFAULT now()
		) WITH (fillfactor = ${STATE_TABLE_FILLFACTOR})`);
		found = await inspect(client, table);
	}

	for (const [name, definition] of COLUMNS) {
		if (!found.columns.includes(name)) {
			await client.query(
				`ALTER TABLE ${table.qualified} ADD COLUMN IF NOT EXISTS "${name}" ${definition}`,
			);
		}
	}

	if (!found.hasUniqueIndex) {
		await refuseDuplicateKeys(client, table);
		// Byte order ("C") makes List's key order the same on every database and lets the index
		// serve both keyset paging and prefix matching.
		await client.query(
			`CREATE UNIQUE INDEX IF NOT EXISTS ${table.uniqueIndex}
			ON ${table.qualified} (namespace, workflow_id COLLATE "C")`,
		);
	}
	if (!found.hasExpiryIndex) {
		await client.query(
			`CREATE INDEX IF NOT EXISTS ${table.expiryIndex}
			ON ${table.qualified} (expires_at) WHERE expires_at IS NOT NULL`,
		);
	}
	// Before the functions: the trigger function reads it on every write.
	if (!found.hasListenersTable) {
		await client.query(listenersTableStatement(table.quotedSchema));
	}
	if (found.currentFunctions < FUNCTION_NAMES.length) {
		for (const statement of functionStatements(table.quotedSchema)) {
			await client.query(statement);
		}
	}
	if (found.statementTriggers < CHANGE_TRIGGERS.length) {
		// Also replaces the row-level trigger of tables made before version 3 of the functions.
		for (const [name, event, transition] of CHANGE_TRIGGERS) {
			await client.query(`DROP TRIGGER IF EXISTS ${name} ON ${table.qualified}`);
			await client.query(
				`CREATE TRIGGER ${name} AFTER ${event} ON ${table.qualified}
				REFERENCING ${transition} TABLE AS ${CHANGED_ROWS}
				FOR EACH STATEMENT EXECUTE FUNCTION ${table.quotedSchema}.wfc_notify_changes('${table.channel}')`,
			);
		}
	}
}

async function inspect(client: PoolClient, table: StateTable): Promise<TableInspection> {
	const result = await client.query<TableInspection>(
		`SELECT
			ARRAY(SELECT attname::text FROM pg_attribute
				WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped) AS "columns",
			to_regclass($2) IS NOT NULL AS "hasUniqueIndex",
			to_regclass($3) IS NOT NULL AS "hasExpiryIndex",
			to_regclass($8) IS NOT NULL AS "hasListenersTable",
			-- Bit 1 of tgtype marks a row-level trigger.
			(SELECT count(*)::int FROM pg_trigger WHERE tgrelid = to_regclass($1) AND tgname = ANY($4)
				AND tgtype & 1 = 0) AS "statementTriggers",
			(SELECT count(*)::int FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
				WHERE n.nspname = $5 AND p.proname = ANY($6)
				AND obj_description(p.oid, 'pg_proc') = $7) AS "currentFunctions"`,
		[
			table.qualified,
			`${table.quotedSchema}.${table.uniqueIndex}`,
			`${table.quotedSchema}.${table.expiryIndex}`,
			CHANGE_TRIGGERS.map(([name]) => name),
			table.schema,
			FUNCTION_NAMES,
			FUNCTIONS_VERSION,
			`${table.quotedSchema}.${LISTENERS_TABLE}`,
		],
	);
	return result.rows[0];
}

/** Explains, with the fix, why a table whose rows repeat a key cannot be used as it is. */
async function refuseDuplicateKeys(client: PoolClient, table: StateTable): Promise<void> {
	const duplicates = await client.query<{ namespace: string; key: string; copies: number }>(
		`SELECT namespace, workflow_id AS key, count(*)::int AS copies FROM ${table.qualified}
		GROUP BY namespace, workflow_id HAVING count(*) > 1 ORDER BY copies DESC LIMIT 3`,
	);
	if (duplicates.rows.length === 0) {
		return;
	}

	const examples = duplicates.rows
		.map((row) => `"${row.key}" (${row.copies} rows, namespace "${row.namespace}")`)
		.join(', ');
	throw new PostgresStateError(
		`Table ${table.schema}.${table.table} stores some workflow_id values more than once, for example ${examples}, so it cannot get the unique index Shared State needs`,
		`Keep one row per workflow_id and delete the others, for example the older ones with: DELETE FROM ${table.qualified} a USING ${table.qualified} b WHERE a.namespace = b.namespace AND a.workflow_id = b.workflow_id AND a.id < b.id; then run the workflow again. Or choose another Table.`,
	);
}
