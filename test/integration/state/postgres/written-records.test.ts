import { writtenRecord } from './outcomes';
import { useStoreOnTestDatabase } from './test-database';

// A write reports its record from the statement's own columns; a read builds it as JSON in SQL.
// Both must describe the record identically, timestamps to the millisecond included.
const fixture = useStoreOnTestDatabase();

describe('records reported by writes', () => {
	it('equal the record read back, expiry included', async () => {
		const [set, merged] = await fixture.store.apply([
			{ kind: 'set', namespace: 'wr', key: 'ttl', value: { a: 1 }, ttlSeconds: 90.5 },
			{ kind: 'merge', namespace: 'wr', key: 'plain', patch: { b: { c: true } } },
		]);

		expect(writtenRecord(set).expiresAt).not.toBeNull();
		expect(await fixture.read('wr', 'ttl')).toEqual(writtenRecord(set));
		expect(await fixture.read('wr', 'plain')).toEqual(writtenRecord(merged));
	});

	it('equal the record read back for a tutorial row without timestamps', async () => {
		await fixture.db.sql(
			`INSERT INTO workflow_states (namespace, workflow_id, state_data, created_at, updated_at)
			VALUES ('wr', 'old', '{"n": 1}', NULL, NULL)`,
		);
		// The row is live, so the write keeps its (missing) creation time.
		const [outcome] = await fixture.store.apply([
			{ kind: 'increment', namespace: 'wr', key: 'old', path: ['n'], by: 2 },
		]);

		expect(writtenRecord(outcome)).toMatchObject({ value: { n: 3 }, version: 2 });
		expect(writtenRecord(outcome).createdAt).toBe(writtenRecord(outcome).updatedAt);
		expect(await fixture.read('wr', 'old')).toEqual(writtenRecord(outcome));
	});
});
