import { useStoreOnTestDatabase } from './test-database';
import { sleep, writtenRecord } from './outcomes';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const fixture = useStoreOnTestDatabase();

describe('set', () => {
	it('creates a record at version 1 with ISO UTC timestamps and bumps the version on every write', async () => {
		const first = writtenRecord(
			(
				await fixture.store.apply([
					{ kind: 'set', namespace: 'ops', key: 'set-1', value: { a: 1 } },
				])
			)[0],
		);
		expect(first).toMatchObject({ namespace: 'ops', key: 'set-1', value: { a: 1 }, version: 1 });
		expect(first.createdAt).toMatch(ISO_UTC);
		expect(first.updatedAt).toMatch(ISO_UTC);
		expect(first.expiresAt).toBeNull();

		const second = writtenRecord(
			(
				await fixture.store.apply([
					{ kind: 'set', namespace: 'ops', key: 'set-1', value: [1, 'x'] },
				])
			)[0],
		);
		expect(second).toMatchObject({ value: [1, 'x'], version: 2, createdAt: first.createdAt });
		expect(await fixture.read('ops', 'set-1')).toEqual(second);
	});

	it('stores null, scalars and unicode as given', async () => {
		const values = [null, 0, -1.5, true, 'text with \'quotes\' and "double" and é 🙂', { '': [] }];
		for (const [index, value] of values.entries()) {
			await fixture.store.apply([{ kind: 'set', namespace: 'ops', key: `scalar-${index}`, value }]);
			expect((await fixture.read('ops', `scalar-${index}`))?.value).toEqual(value);
		}
	});

	it('keeps namespaces apart', async () => {
		await fixture.store.apply([
			{ kind: 'set', namespace: 'ns-a', key: 'same', value: 'a' },
			{ kind: 'set', namespace: 'ns-b', key: 'same', value: 'b' },
		]);
		expect((await fixture.read('ns-a', 'same'))?.value).toBe('a');
		expect((await fixture.read('ns-b', 'same'))?.value).toBe('b');
	});
});

describe('getMany', () => {
	it('returns present keys only and needs no query for no keys', async () => {
		await fixture.store.apply([{ kind: 'set', namespace: 'many', key: 'k1', value: 1 }]);
		const found = await fixture.store.getMany('many', ['k1', 'missing']);
		expect([...found.keys()]).toEqual(['k1']);

		const before = fixture.store.statementsSent;
		expect((await fixture.store.getMany('many', [])).size).toBe(0);
		expect(fixture.store.statementsSent).toBe(before);
	});
});

describe('merge', () => {
	it('starts a missing record from {} and deep-merges into an object', async () => {
		await fixture.store.apply([
			{ kind: 'merge', namespace: 'ops', key: 'merge-1', patch: { a: { b: 1 }, gone: null } },
		]);
		const [outcome] = await fixture.store.apply([
			{ kind: 'merge', namespace: 'ops', key: 'merge-1', patch: { a: { c: 2 }, d: [1] } },
		]);
		expect(writtenRecord(outcome)).toMatchObject({
			value: { a: { b: 1, c: 2 }, d: [1] },
			version: 2,
		});
	});

	it('reports a type mismatch for a stored non-object and writes nothing', async () => {
		await fixture.store.apply([
			{ kind: 'set', namespace: 'ops', key: 'merge-list', value: [1, 2] },
		]);
		const [outcome] = await fixture.store.apply([
			{ kind: 'merge', namespace: 'ops', key: 'merge-list', patch: { a: 1 } },
		]);
		expect(outcome).toEqual({
			status: 'typeMismatch',
			message: expect.stringContaining('an array'),
		});
		expect(await fixture.read('ops', 'merge-list')).toMatchObject({ value: [1, 2], version: 1 });
	});
});

describe('increment', () => {
	it('counts a missing number as 0 and creates the objects on the way', async () => {
		const [first, second] = await fixture.store.apply([
			{ kind: 'increment', namespace: 'ops', key: 'inc-1', path: ['stats', 'ok'], by: 2 },
			{ kind: 'increment', namespace: 'ops', key: 'inc-1', path: ['stats', 'ok'], by: -0.5 },
		]);
		expect(writtenRecord(first).value).toEqual({ stats: { ok: 2 } });
		expect(writtenRecord(second)).toMatchObject({ value: { stats: { ok: 1.5 } }, version: 2 });
	});

	it('increments the whole value when the path is empty, and an array element by index', async () => {
		const [whole] = await fixture.store.apply([
			{ kind: 'increment', namespace: 'ops', key: 'inc-root', path: [], by: 5 },
		]);
		expect(writtenRecord(whole).value).toBe(5);

		await fixture.store.apply([
			{ kind: 'set', namespace: 'ops', key: 'inc-array', value: { list: [1, 2] } },
		]);
		const [indexed] = await fixture.store.apply([
			{ kind: 'increment', namespace: 'ops', key: 'inc-array', path: ['list', 1], by: 10 },
		]);
		expect(writtenRecord(indexed).value).toEqual({ list: [1, 12] });
	});

	it.each([
		['a non-number at the path', { count: 'three' }, ['count'], 'text'],
		['a path through a scalar', { count: 3 }, ['count', 'inner'], 'not an object'],
		['an index beyond the array', { list: [1] }, ['list', 4], 'only 1 elements'],
		['an index into an object', { list: { a: 1 } }, ['list', 0], 'not an array'],
		['a null at the path', { count: null }, ['count'], 'null'],
	])('reports a type mismatch for %s and writes nothing', async (_case, stored, path, words) => {
		const key = `inc-bad-${JSON.stringify(path)}-${JSON.stringify(stored)}`;
		await fixture.store.apply([{ kind: 'set', namespace: 'ops', key, value: stored }]);
		const [outcome] = await fixture.store.apply([
			{ kind: 'increment', namespace: 'ops', key, path, by: 1 },
		]);
		expect(outcome).toEqual({ status: 'typeMismatch', message: expect.stringContaining(words) });
		expect(await fixture.read('ops', key)).toMatchObject({ value: stored, version: 1 });
	});

	it('reports a type mismatch for an array index into a missing record and creates nothing', async () => {
		const [outcome] = await fixture.store.apply([
			{ kind: 'increment', namespace: 'ops', key: 'inc-none', path: [0], by: 1 },
		]);
		expect(outcome.status).toBe('typeMismatch');
		expect(await fixture.read('ops', 'inc-none')).toBeUndefined();
	});
});

describe('append', () => {
	it('creates the array when missing and pushes in order', async () => {
		const [first, second] = await fixture.store.apply([
			{ kind: 'append', namespace: 'ops', key: 'app-1', path: ['log'], values: ['a'] },
			{ kind: 'append', namespace: 'ops', key: 'app-1', path: ['log'], values: ['b', ['c']] },
		]);
		expect(writtenRecord(first).value).toEqual({ log: ['a'] });
		expect(writtenRecord(second).value).toEqual({ log: ['a', 'b', ['c']] });
	});

	it('drops the oldest elements beyond maxLength', async () => {
		await fixture.store.apply([
			{ kind: 'set', namespace: 'ops', key: 'app-max', value: [1, 2, 3] },
		]);
		const [outcome] = await fixture.store.apply([
			{ kind: 'append', namespace: 'ops', key: 'app-max', path: [], values: [4, 5], maxLength: 3 },
		]);
		expect(writtenRecord(outcome).value).toEqual([3, 4, 5]);
	});

	it('reports a type mismatch when the target is not an array and writes nothing', async () => {
		await fixture.store.apply([
			{ kind: 'set', namespace: 'ops', key: 'app-bad', value: { log: 'x' } },
		]);
		const [outcome] = await fixture.store.apply([
			{ kind: 'append', namespace: 'ops', key: 'app-bad', path: ['log'], values: [1] },
		]);
		expect(outcome).toEqual({
			status: 'typeMismatch',
			message: expect.stringContaining('an array'),
		});
		expect(await fixture.read('ops', 'app-bad')).toMatchObject({ value: { log: 'x' }, version: 1 });
	});
});

describe('compareAndSet', () => {
	it('creates with expected version 0 and conflicts with the current record afterwards', async () => {
		const [created, refused] = await fixture.store.apply([
			{ kind: 'compareAndSet', namespace: 'ops', key: 'cas-1', value: 'first', expectedVersion: 0 },
			{
				kind: 'compareAndSet',
				namespace: 'ops',
				key: 'cas-1',
				value: 'second',
				expectedVersion: 0,
			},
		]);
		expect(writtenRecord(created)).toMatchObject({ value: 'first', version: 1 });
		expect(refused).toEqual({
			status: 'conflict',
			current: expect.objectContaining({ value: 'first', version: 1 }),
		});
	});

	it('writes when the version matches and conflicts when it does not', async () => {
		await fixture.store.apply([{ kind: 'set', namespace: 'ops', key: 'cas-2', value: 1 }]);
		const [stale, fresh] = await fixture.store.apply([
			{ kind: 'compareAndSet', namespace: 'ops', key: 'cas-2', value: 2, expectedVersion: 7 },
			{ kind: 'compareAndSet', namespace: 'ops', key: 'cas-2', value: 2, expectedVersion: 1 },
		]);
		expect(stale).toEqual({ status: 'conflict', current: expect.objectContaining({ version: 1 }) });
		expect(writtenRecord(fresh)).toMatchObject({ value: 2, version: 2 });
	});

	it('conflicts with no current record when a non-zero version is expected of a missing key', async () => {
		const [outcome] = await fixture.store.apply([
			{ kind: 'compareAndSet', namespace: 'ops', key: 'cas-none', value: 1, expectedVersion: 1 },
		]);
		expect(outcome).toEqual({ status: 'conflict', current: null });
		expect(await fixture.read('ops', 'cas-none')).toBeUndefined();
	});
});

describe('delete', () => {
	it('says whether a record was there', async () => {
		await fixture.store.apply([{ kind: 'set', namespace: 'ops', key: 'del-1', value: 1 }]);
		expect(
			await fixture.store.apply([
				{ kind: 'delete', namespace: 'ops', key: 'del-1' },
				{ kind: 'delete', namespace: 'ops', key: 'del-1' },
			]),
		).toEqual([
			{ status: 'deleted', deleted: true },
			{ status: 'deleted', deleted: false },
		]);
		expect(await fixture.read('ops', 'del-1')).toBeUndefined();
	});
});

describe('TTL', () => {
	it('hides a record once its TTL has passed', async () => {
		const [outcome] = await fixture.store.apply([
			{ kind: 'set', namespace: 'ttl', key: 'short', value: 1, ttlSeconds: 1 },
		]);
		const record = writtenRecord(outcome);
		expect(Date.parse(record.expiresAt ?? '') - Date.parse(record.updatedAt)).toBe(1000);
		expect(await fixture.read('ttl', 'short')).toBeDefined();

		await sleep(1200);
		expect(await fixture.read('ttl', 'short')).toBeUndefined();
		expect((await fixture.store.list({ namespace: 'ttl' })).records).toEqual([]);
	});

	it('treats a write to an expired key as a write to a missing one', async () => {
		await fixture.store.apply([
			{ kind: 'set', namespace: 'ttl', key: 'old', value: { count: 40, keep: true } },
			{ kind: 'set', namespace: 'ttl', key: 'old', value: { count: 41, keep: true } },
		]);
		await fixture.db.sql(
			`UPDATE workflow_states SET expires_at = now() - interval '1 minute' WHERE workflow_id = 'old'`,
		);

		const [incremented] = await fixture.store.apply([
			{ kind: 'increment', namespace: 'ttl', key: 'old', path: ['count'], by: 1 },
		]);
		expect(writtenRecord(incremented)).toMatchObject({
			value: { count: 1 },
			version: 1,
			expiresAt: null,
		});

		await fixture.db.sql(
			`UPDATE workflow_states SET expires_at = now() - interval '1 minute' WHERE workflow_id = 'old'`,
		);
		const [created, deleted] = await fixture.store.apply([
			{ kind: 'compareAndSet', namespace: 'ttl', key: 'old', value: 'new', expectedVersion: 0 },
			{ kind: 'delete', namespace: 'ttl', key: 'old' },
		]);
		expect(writtenRecord(created)).toMatchObject({ value: 'new', version: 1 });
		expect(deleted).toEqual({ status: 'deleted', deleted: true });
	});

	it('clears an old expiry when a write gives no TTL', async () => {
		await fixture.store.apply([
			{ kind: 'set', namespace: 'ttl', key: 'renewed', value: 1, ttlSeconds: 60 },
		]);
		const [outcome] = await fixture.store.apply([
			{ kind: 'merge', namespace: 'ttl', key: 'renewed-obj', patch: {} },
		]);
		expect(writtenRecord(outcome).expiresAt).toBeNull();
		const [again] = await fixture.store.apply([
			{ kind: 'set', namespace: 'ttl', key: 'renewed', value: 2 },
		]);
		expect(writtenRecord(again).expiresAt).toBeNull();
	});

	it('purges expired records and counts them', async () => {
		await fixture.store.apply([
			{ kind: 'set', namespace: 'purge', key: 'a', value: 1, ttlSeconds: 30 },
			{ kind: 'set', namespace: 'purge', key: 'b', value: 1, ttlSeconds: 30 },
			{ kind: 'set', namespace: 'purge', key: 'c', value: 1 },
		]);
		await fixture.db.sql(
			`UPDATE workflow_states SET expires_at = now() - interval '1 second'
			WHERE namespace = 'purge' AND expires_at IS NOT NULL`,
		);
		expect(await fixture.store.purgeExpired()).toBeGreaterThanOrEqual(2);
		const rows = await fixture.db.sql(
			`SELECT workflow_id FROM workflow_states WHERE namespace = 'purge'`,
		);
		expect(rows).toEqual([{ workflow_id: 'c' }]);
	});
});

describe('input validation', () => {
	it('rejects a whole batch with an invalid mutation before writing anything', async () => {
		await expect(
			fixture.store.apply([
				{ kind: 'set', namespace: 'valid', key: 'fine', value: 1 },
				{ kind: 'set', namespace: 'valid', key: 'x'.repeat(256), value: 1 },
			]),
		).rejects.toThrow(/Mutation 2 .*key is longer than 255 characters/);
		await expect(
			fixture.store.apply([{ kind: 'set', namespace: 'valid', key: 'nul', value: 'a\u0000b' }]),
		).rejects.toThrow(/NUL/);
		await expect(
			fixture.store.apply([
				{ kind: 'set', namespace: 'valid', key: 'ttl', value: 1, ttlSeconds: -1 },
			]),
		).rejects.toThrow(/ttlSeconds/);
		expect(await fixture.store.getMany('valid', ['fine', 'nul', 'ttl'])).toEqual(new Map());
	});
});
