import type { PostgresStateStore } from '../../../../lib/state/postgres';
import { writtenRecord } from './outcomes';
import { createTestDatabase, type TestDatabase } from './test-database';

// A write reports its record from the statement's own columns; a read builds it as JSON in SQL.
// Both must describe the record identically, timestamps to the millisecond included.
let db: TestDatabase;
let store: PostgresStateStore;

beforeAll(async () => {
	db = await createTestDatabase();
	store = await db.openStore();
});

afterAll(async () => {
	await store.close();
	await db.drop();
});

async function readBack(namespace: string, key: string) {
	return (await store.getMany(namespace, [key])).get(key);
}

describe('records reported by writes', () => {
	it('equal the record read back, expiry included', async () => {
		const [set, merged] = await store.apply([
			{ kind: 'set', namespace: 'wr', key: 'ttl', value: { a: 1 }, ttlSeconds: 90.5 },
			{ kind: 'merge', namespace: 'wr', key: 'plain', patch: { b: { c: true } } },
		]);

		expect(writtenRecord(set).expiresAt).not.toBeNull();
		expect(await readBack('wr', 'ttl')).toEqual(writtenRecord(set));
		expect(await readBack('wr', 'plain')).toEqual(writtenRecord(merged));
	});

	it('equal the record read back for a tutorial row without timestamps', async () => {
		await db.sql(
			`INSERT INTO workflow_states (namespace, workflow_id, state_data, created_at, updated_at)
			VALUES ('wr', 'old', '{"n": 1}', NULL, NULL)`,
		);
		// The row is live, so the write keeps its (missing) creation time.
		const [outcome] = await store.apply([
			{ kind: 'increment', namespace: 'wr', key: 'old', path: ['n'], by: 2 },
		]);

		expect(writtenRecord(outcome)).toMatchObject({ value: { n: 3 }, version: 2 });
		expect(writtenRecord(outcome).createdAt).toBe(writtenRecord(outcome).updatedAt);
		expect(await readBack('wr', 'old')).toEqual(writtenRecord(outcome));
	});
});
