import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { closeSharedStateStores, sharedStateStore } from '../../../lib/state';
import { createTestDatabase, type TestDatabase } from './postgres/test-database';

describe('sharedStateStore', () => {
	let folder: string;
	let database: TestDatabase;

	beforeAll(async () => {
		folder = mkdtempSync(path.join(tmpdir(), 'wfc-shared-store-'));
		database = await createTestDatabase();
	});

	afterAll(async () => {
		await closeSharedStateStores();
		await database.drop();
		rmSync(folder, { recursive: true, force: true });
	});

	it('hands every caller the same embedded store for the same file', async () => {
		const filePath = path.join(folder, 'a.sqlite');
		const first = await sharedStateStore({ backend: 'embedded', filePath });
		const second = await sharedStateStore({
			backend: 'embedded',
			filePath: path.join(folder, '.', 'a.sqlite'),
		});
		const elsewhere = await sharedStateStore({
			backend: 'embedded',
			filePath: path.join(folder, 'b.sqlite'),
		});

		expect(second).toBe(first);
		expect(elsewhere).not.toBe(first);
	});

	it('treats the default schema and "public" as one PostgreSQL location', async () => {
		const first = await sharedStateStore({ backend: 'postgres', connection: database.connection });
		const second = await sharedStateStore({
			backend: 'postgres',
			connection: database.connection,
			schema: 'public',
			table: 'workflow_states',
		});
		await first.apply([{ kind: 'set', namespace: 'n', key: 'k', value: 1 }]);

		expect(second).toBe(first);
		expect((await second.getMany('n', ['k'])).get('k')?.value).toBe(1);
	});

	it('forgets a failed open so that the next call tries again', async () => {
		const lateDatabase = `${database.name}_late`;
		const location = {
			backend: 'postgres' as const,
			connection: { ...database.connection, database: lateDatabase },
		};
		await expect(sharedStateStore(location)).rejects.toThrow(lateDatabase);

		await database.sql(`CREATE DATABASE ${lateDatabase}`);
		try {
			const store = await sharedStateStore(location);
			expect(await store.getMany('n', ['k'])).toEqual(new Map());
		} finally {
			await closeSharedStateStores();
			await database.sql(`DROP DATABASE IF EXISTS ${lateDatabase} WITH (FORCE)`);
		}
	});
});
