import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import { closeSharedStateStores, sharedStateStore, type StateChange } from '../../../lib/state';
import { SCHEMA_VERSION } from '../../../lib/state/sqlite/schema';

// The embedded store's version 1 schema as files written before version 2 hold it.
const VERSION_1_SCHEMA = `
CREATE TABLE wfc_state (
	namespace TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, version INTEGER NOT NULL,
	created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL, expires_ms INTEGER,
	last_operation TEXT NOT NULL, PRIMARY KEY (namespace, key)
) WITHOUT ROWID;
CREATE INDEX wfc_state_expiry ON wfc_state (expires_ms) WHERE expires_ms IS NOT NULL;
CREATE TABLE wfc_state_changes (
	seq INTEGER PRIMARY KEY AUTOINCREMENT, namespace TEXT NOT NULL, key TEXT NOT NULL,
	operation TEXT NOT NULL, value TEXT, version INTEGER NOT NULL, changed_ms INTEGER NOT NULL
);
CREATE TRIGGER wfc_state_updated AFTER UPDATE ON wfc_state BEGIN
	INSERT INTO wfc_state_changes (namespace, key, operation, value, version, changed_ms)
	VALUES (NEW.namespace, NEW.key, NEW.last_operation, NEW.value, NEW.version, NEW.updated_ms);
END;
PRAGMA user_version = 1;
`;

// Version 2 as files written before version 3 hold it: a rowid table, and triggers that record
// every write whether or not anyone watches.
const VERSION_2_SCHEMA = `
CREATE TABLE wfc_state (
	namespace TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, version INTEGER NOT NULL,
	created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL, expires_ms INTEGER,
	last_operation TEXT NOT NULL, PRIMARY KEY (namespace, key)
);
CREATE INDEX wfc_state_expiry ON wfc_state (expires_ms) WHERE expires_ms IS NOT NULL;
CREATE TABLE wfc_state_changes (
	seq INTEGER PRIMARY KEY AUTOINCREMENT, namespace TEXT NOT NULL, key TEXT NOT NULL,
	operation TEXT NOT NULL, value TEXT, version INTEGER NOT NULL, changed_ms INTEGER NOT NULL
);
CREATE TRIGGER wfc_state_inserted AFTER INSERT ON wfc_state BEGIN
	INSERT INTO wfc_state_changes (namespace, key, operation, value, version, changed_ms)
	VALUES (NEW.namespace, NEW.key, NEW.last_operation, NEW.value, NEW.version, NEW.updated_ms);
END;
CREATE TRIGGER wfc_state_updated AFTER UPDATE ON wfc_state BEGIN
	INSERT INTO wfc_state_changes (namespace, key, operation, value, version, changed_ms)
	VALUES (NEW.namespace, NEW.key, NEW.last_operation, NEW.value, NEW.version, NEW.updated_ms);
END;
CREATE TRIGGER wfc_state_deleted AFTER DELETE ON wfc_state BEGIN
	INSERT INTO wfc_state_changes (namespace, key, operation, value, version, changed_ms)
	VALUES (OLD.namespace, OLD.key, 'delete', NULL, 0, 0);
END;
INSERT INTO wfc_state VALUES ('n', 'k', '{"a":1}', 7, 1000, 2000, NULL, 'set');
PRAGMA user_version = 2;
`;

describe('embedded store schema upgrade', () => {
	let folder: string;

	beforeAll(() => {
		folder = mkdtempSync(path.join(tmpdir(), 'wfc-schema-upgrade-'));
	});

	afterAll(async () => {
		await closeSharedStateStores();
		rmSync(folder, { recursive: true, force: true });
	});

	it('keeps the records of a version 1 file and goes on versioning and announcing them', async () => {
		const filePath = path.join(folder, 'v1.sqlite');
		const old = new DatabaseSync(filePath);
		old.exec(VERSION_1_SCHEMA);
		old
			.prepare(
				`INSERT INTO wfc_state VALUES ('n', 'k', '{"a":1,"b":{"c":2}}', 4, 1000, 2000, NULL, 'set')`,
			)
			.run();
		old.close();

		const store = await sharedStateStore({ backend: 'embedded', filePath });
		const before = (await store.getMany('n', ['k'])).get('k');
		const changes: StateChange[] = [];
		const unsubscribe = await store.subscribe({ namespace: 'n' }, (change) => changes.push(change));
		const [outcome] = await store.apply([
			{ kind: 'merge', namespace: 'n', key: 'k', patch: { b: { d: 3 }, a: null } },
		]);
		await waitFor(() => changes.length > 0);
		await unsubscribe();

		expect(before).toMatchObject({
			value: { a: 1, b: { c: 2 } },
			version: 4,
			createdAt: new Date(1000).toISOString(),
		});
		expect(outcome).toMatchObject({
			status: 'written',
			record: { value: { b: { c: 2, d: 3 } }, version: 5, createdAt: new Date(1000).toISOString() },
		});
		expect(changes).toEqual([
			expect.objectContaining({
				key: 'k',
				operation: 'merge',
				version: 5,
				value: { b: { c: 2, d: 3 } },
			}),
		]);

		const check = new DatabaseSync(filePath);
		const table = check.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'wfc_state'`).get() as {
			sql: string;
		};
		const { user_version: version } = check.prepare('PRAGMA user_version').get() as {
			user_version: number;
		};
		check.close();
		expect(table.sql).not.toMatch(/WITHOUT ROWID/i);
		expect(version).toBe(SCHEMA_VERSION);
	});

	it('upgrades a version 2 file so that only watched namespaces record changes', async () => {
		const filePath = path.join(folder, 'v2.sqlite');
		const old = new DatabaseSync(filePath);
		old.exec(VERSION_2_SCHEMA);
		old.close();

		const store = await sharedStateStore({ backend: 'embedded', filePath });
		const changeRowsBefore = changeRows(filePath);
		await store.apply([{ kind: 'merge', namespace: 'n', key: 'k', patch: { unwatched: true } }]);
		const changeRowsUnwatched = changeRows(filePath);
		const changes: StateChange[] = [];
		const unsubscribe = await store.subscribe({ namespace: 'n' }, (change) => changes.push(change));
		const [outcome] = await store.apply([
			{ kind: 'merge', namespace: 'n', key: 'k', patch: { watched: true } },
		]);
		await waitFor(() => changes.length > 0);
		await unsubscribe();

		expect(changeRowsUnwatched).toBe(changeRowsBefore);
		expect(outcome).toMatchObject({
			status: 'written',
			record: { value: { a: 1, unwatched: true, watched: true }, version: 9 },
		});
		expect(changes).toEqual([
			expect.objectContaining({ key: 'k', operation: 'merge', version: 9 }),
		]);
		const check = new DatabaseSync(filePath);
		const { user_version: version } = check.prepare('PRAGMA user_version').get() as {
			user_version: number;
		};
		check.close();
		expect(version).toBe(SCHEMA_VERSION);
	});

	it('opens an upgraded file again without changing it', async () => {
		const filePath = path.join(folder, 'v2.sqlite');
		const schemaBefore = schemaText(filePath);
		await closeSharedStateStores();

		const store = await sharedStateStore({ backend: 'embedded', filePath });

		expect((await store.getMany('n', ['k'])).get('k')).toMatchObject({ version: 9 });
		expect(schemaText(filePath)).toBe(schemaBefore);
	});
});

function changeRows(filePath: string): number {
	const db = new DatabaseSync(filePath);
	const { count } = db.prepare('SELECT count(*) AS count FROM wfc_state_changes').get() as {
		count: number;
	};
	db.close();
	return count;
}

function schemaText(filePath: string): string {
	const db = new DatabaseSync(filePath);
	const rows = db.prepare('SELECT sql FROM sqlite_schema ORDER BY name').all() as Array<{
		sql: string | null;
	}>;
	db.close();
	return rows.map((row) => row.sql ?? '').join('\n');
}

async function waitFor(condition: () => boolean): Promise<void> {
	for (let attempt = 0; attempt < 200 && !condition(); attempt += 1) {
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}
