import { Client } from 'pg';

import type { StateChange } from '../../../../lib/state';
import { FUNCTIONS_VERSION } from '../../../../lib/state/postgres/schema-functions';
import { resolveStateTable } from '../../../../lib/state/postgres/state-table';
import { SERVER, createTestDatabase, type TestDatabase } from './test-database';

// Tables made before version 3 of the helper functions announce changes with a row-level trigger
// named wfc_notify_change. Opening a store must replace it with the statement-level triggers, so
// that each change is announced exactly once.
const LEGACY_TABLE = 'legacy_states';

let db: TestDatabase;

beforeAll(async () => {
	db = await createTestDatabase();
});

afterAll(async () => {
	await db.drop();
});

async function waitFor(condition: () => boolean): Promise<void> {
	for (let attempt = 0; attempt < 200 && !condition(); attempt += 1) {
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

describe('change triggers', () => {
	it('replace the row-level trigger of an older table and announce each change once', async () => {
		await db.sql(`CREATE TABLE ${LEGACY_TABLE} (
			id serial PRIMARY KEY, workflow_id varchar(255), state_data jsonb,
			created_at timestamp DEFAULT now(), updated_at timestamp DEFAULT now(),
			namespace text NOT NULL DEFAULT 'default', version bigint NOT NULL DEFAULT 1,
			expires_at timestamptz, last_operation text)`);
		// The shape of the earlier row-level notification, on the channel the store listens to.
		await db.sql(`CREATE FUNCTION wfc_notify_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
		BEGIN
			PERFORM pg_notify(TG_ARGV[0], json_build_object('id', NEW.id, 'namespace', NEW.namespace,
				'key', NEW.workflow_id, 'operation', COALESCE(NEW.last_operation, 'set'),
				'version', NEW.version, 'changedAt', '2020-01-01T00:00:00.000Z')::text);
			RETURN NULL;
		END $fn$`);
		const { channel } = resolveStateTable('public', LEGACY_TABLE);
		await db.sql(`CREATE TRIGGER wfc_notify_change AFTER INSERT OR UPDATE ON ${LEGACY_TABLE}
			FOR EACH ROW EXECUTE FUNCTION wfc_notify_change('${channel}')`);

		const store = await db.openStore({ table: LEGACY_TABLE });
		const changes: StateChange[] = [];
		const stop = await store.subscribe({ namespace: 'legacy' }, (change) => changes.push(change));
		await store.apply([
			{ kind: 'set', namespace: 'legacy', key: 'a', value: { n: 1 } },
			{ kind: 'merge', namespace: 'legacy', key: 'a', patch: { m: 2 } },
			{ kind: 'delete', namespace: 'legacy', key: 'a' },
		]);
		await waitFor(() => changes.length >= 3);
		// Anything doubled would arrive with the rest of the transaction's notifications.
		await new Promise((resolve) => setTimeout(resolve, 200));
		await stop();
		await store.close();
		const triggers = await db.sql<{ name: string; rowLevel: boolean }>(
			`SELECT tgname AS name, (tgtype & 1) = 1 AS "rowLevel" FROM pg_trigger
			WHERE tgrelid = '${LEGACY_TABLE}'::regclass AND NOT tgisinternal ORDER BY tgname`,
		);

		expect(changes.map(({ operation, version, value }) => ({ operation, version, value }))).toEqual(
			[
				{ operation: 'set', version: 1, value: { n: 1 } },
				{ operation: 'merge', version: 2, value: { n: 1, m: 2 } },
				{ operation: 'delete', version: 0, value: null },
			],
		);
		expect(triggers).toEqual([
			{ name: 'wfc_notify_change', rowLevel: false },
			{ name: 'wfc_notify_change_delete', rowLevel: false },
			{ name: 'wfc_notify_change_update', rowLevel: false },
		]);
	});

	it('upgrade version 3, which announced every change, to announce only what a listener wants', async () => {
		// Version 3 as it was deployed: statement-level triggers whose function notified every
		// changed row, and no registrations table.
		await db.sql(`CREATE SCHEMA v3`);
		await db.sql(`CREATE TABLE v3.workflow_states (
			id serial PRIMARY KEY, workflow_id varchar(255), state_data jsonb,
			created_at timestamp DEFAULT now(), updated_at timestamp DEFAULT now(),
			namespace text NOT NULL DEFAULT 'default', version bigint NOT NULL DEFAULT 1,
			expires_at timestamptz, last_operation text)`);
		await db.sql(`CREATE FUNCTION v3.wfc_notify_changes() RETURNS trigger LANGUAGE plpgsql AS $fn$
		BEGIN
			PERFORM pg_notify(TG_ARGV[0], json_build_object('id', n.id, 'namespace', n.namespace,
				'key', n.workflow_id, 'operation', 'set', 'version', n.version,
				'changedAt', '2020-01-01T00:00:00.000Z')::text)
			FROM wfc_changed_rows AS n;
			RETURN NULL;
		END $fn$`);
		await db.sql(`COMMENT ON FUNCTION v3.wfc_notify_changes() IS 'wfc-state-functions 3'`);
		const { channel } = resolveStateTable('v3');
		for (const [name, event] of [
			['wfc_notify_change', 'INSERT'],
			['wfc_notify_change_update', 'UPDATE'],
		]) {
			await db.sql(`CREATE TRIGGER ${name} AFTER ${event} ON v3.workflow_states
				REFERENCING NEW TABLE AS wfc_changed_rows
				FOR EACH STATEMENT EXECUTE FUNCTION v3.wfc_notify_changes('${channel}')`);
		}
		await db.sql(`INSERT INTO v3.workflow_states (namespace, workflow_id, state_data)
			VALUES ('kept', 'k', '{"n": 1}')`);
		const spy = new Client({ ...SERVER, database: db.name });
		await spy.connect();
		const heard: string[] = [];
		spy.on('notification', ({ payload }) => heard.push(payload ?? ''));
		await spy.query(`LISTEN "${channel}"`);

		const store = await db.openStore({ schema: 'v3' });
		await store.apply([{ kind: 'merge', namespace: 'kept', key: 'k', patch: { m: 2 } }]);
		await new Promise((resolve) => setTimeout(resolve, 200));
		const unheard = heard.length;
		const changes: StateChange[] = [];
		const stop = await store.subscribe({ namespace: 'kept' }, (change) => changes.push(change));
		await store.apply([{ kind: 'merge', namespace: 'kept', key: 'k', patch: { o: 3 } }]);
		await waitFor(() => changes.length >= 1);
		await stop();
		await store.close();
		await spy.end();
		const [comment] = await db.sql<{ version: string }>(
			`SELECT obj_description('v3.wfc_notify_changes()'::regprocedure, 'pg_proc') AS version`,
		);

		expect(comment.version).toBe(FUNCTIONS_VERSION);
		expect(unheard).toBe(0);
		expect(changes.map(({ key, value, version }) => ({ key, value, version }))).toEqual([
			{ key: 'k', value: { n: 1, m: 2, o: 3 }, version: 3 },
		]);
	});

	it('create new tables with room on each page for rewritten rows, and leave existing ones as they are', async () => {
		await db.openStore({ table: 'fresh_states' });

		const options = await db.sql<{ table: string; options: string[] | null }>(
			`SELECT relname AS table, reloptions AS options FROM pg_class
			WHERE relname IN ('fresh_states', '${LEGACY_TABLE}') ORDER BY relname`,
		);

		expect(options).toEqual([
			{ table: 'fresh_states', options: ['fillfactor=50'] },
			{ table: LEGACY_TABLE, options: null },
		]);
	});
});
