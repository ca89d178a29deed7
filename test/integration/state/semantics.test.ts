import { setTimeout as sleep } from 'node:timers/promises';

import type {
	MutationOutcome,
	StateChange,
	StateMutation,
	StateRecord,
	StateStore,
} from '../../../lib/state/types';
import { stateBackendsUnderTest } from '../../support/state-backends';

/** The record a mutation wrote, or a failure that shows what happened instead. */
function written(outcome: MutationOutcome): StateRecord {
	if (outcome.status !== 'written')
		throw new Error(`expected a write, got ${JSON.stringify(outcome)}`);
	return outcome.record;
}

describe.each(stateBackendsUnderTest())('shared state on the $name backend', (backend) => {
	let store: StateStore;
	const ns = 'orders';

	beforeAll(async () => {
		await backend.setUp();
		store = await backend.openStore();
	});

	afterAll(async () => {
		await backend.dispose();
	});

	async function applyOne(mutation: StateMutation): Promise<MutationOutcome> {
		const [outcome] = await store.apply([mutation]);
		return outcome;
	}

	async function valueOf(key: string, namespace = ns) {
		return (await store.getMany(namespace, [key])).get(key)?.value;
	}

	describe('Set and Get', () => {
		it('creates a record at version 1 and returns key, value and timestamps', async () => {
			const record = written(
				await applyOne({ kind: 'set', namespace: ns, key: 'set-1', value: { a: 1 } }),
			);

			expect(record).toMatchObject({
				namespace: ns,
				key: 'set-1',
				value: { a: 1 },
				version: 1,
				expiresAt: null,
			});
			expect(Date.parse(record.createdAt)).toBeGreaterThan(Date.now() - 60_000);
			expect(record.updatedAt).toBe(record.createdAt);
		});

		it('replaces the value and counts versions up', async () => {
			await applyOne({ kind: 'set', namespace: ns, key: 'set-2', value: { a: 1, b: 2 } });
			const record = written(
				await applyOne({ kind: 'set', namespace: ns, key: 'set-2', value: [1, 'x'] }),
			);

			expect(record.version).toBe(2);
			expect(await valueOf('set-2')).toEqual([1, 'x']);
		});

		it('stores any JSON value, unicode and nesting intact', async () => {
			const value = {
				text: 'Grüße, 世界 "quoted"',
				n: -1.5e-7,
				deep: { list: [null, true, { x: [] }] },
			};
			await applyOne({ kind: 'set', namespace: ns, key: 'set-3', value });

			expect(await valueOf('set-3')).toEqual(value);
		});

		it('reads many keys at once and leaves missing keys out', async () => {
			await store.apply([
				{ kind: 'set', namespace: ns, key: 'many-1', value: 1 },
				{ kind: 'set', namespace: ns, key: 'many-2', value: 2 },
			]);
			const found = await store.getMany(ns, ['many-1', 'many-2', 'many-missing']);

			expect([...found.keys()].sort()).toEqual(['many-1', 'many-2']);
			expect(found.get('many-2')?.value).toBe(2);
		});

		it('keeps namespaces apart', async () => {
			await applyOne({ kind: 'set', namespace: 'ns-a', key: 'same', value: 'a' });
			await applyOne({ kind: 'set', namespace: 'ns-b', key: 'same', value: 'b' });

			expect(await valueOf('same', 'ns-a')).toBe('a');
			expect(await valueOf('same', 'ns-b')).toBe('b');
		});
	});

	describe('Merge (RFC 7396)', () => {
		it.each([
			[
				'merges nested objects',
				{ a: { b: 1, c: 2 } },
				{ a: { c: 3, d: 4 } },
				{ a: { b: 1, c: 3, d: 4 } },
			],
			['removes a key set to null', { a: 1, b: 2 }, { b: null }, { a: 1 }],
			[
				'removes a nested key set to null',
				{ a: { b: 1, c: 2 } },
				{ a: { b: null } },
				{ a: { c: 2 } },
			],
			['replaces arrays whole', { list: [1, 2, 3] }, { list: [4] }, { list: [4] }],
			['replaces an object with a scalar', { a: { b: 1 } }, { a: 'flat' }, { a: 'flat' }],
			[
				'replaces a scalar with an object, dropping its nulls',
				{ a: 'flat' },
				{ a: { b: 1, c: null } },
				{ a: { b: 1 } },
			],
			['ignores null for a key that is not there', { a: 1 }, { z: null }, { a: 1 }],
			['keeps everything with an empty patch', { a: 1 }, {}, { a: 1 }],
		])('%s', async (_title, initial, patch, expected) => {
			const key = `merge-${String(_title)}`;
			await applyOne({ kind: 'set', namespace: ns, key, value: initial });
			const record = written(await applyOne({ kind: 'merge', namespace: ns, key, patch }));

			expect(record.value).toEqual(expected);
			expect(record.version).toBe(2);
		});

		it('creates a missing record from the patch, without its nulls', async () => {
			const record = written(
				await applyOne({
					kind: 'merge',
					namespace: ns,
					key: 'merge-new',
					patch: { a: 1, b: null, c: { d: null } },
				}),
			);

			expect(record.value).toEqual({ a: 1, c: {} });
			expect(record.version).toBe(1);
		});

		it('refuses to merge into a value that is not an object and writes nothing', async () => {
			await applyOne({ kind: 'set', namespace: ns, key: 'merge-array', value: [1, 2] });
			const outcome = await applyOne({
				kind: 'merge',
				namespace: ns,
				key: 'merge-array',
				patch: { a: 1 },
			});

			expect(outcome.status).toBe('typeMismatch');
			const record = (await store.getMany(ns, ['merge-array'])).get('merge-array');
			expect(record).toMatchObject({ value: [1, 2], version: 1 });
		});
	});

	describe('Increment', () => {
		it('starts a missing number at 0 and creates the objects on its path', async () => {
			const record = written(
				await applyOne({
					kind: 'increment',
					namespace: ns,
					key: 'inc-1',
					path: ['stats', 'daily'],
					by: 5,
				}),
			);

			expect(record.value).toEqual({ stats: { daily: 5 } });
		});

		it('adds to an existing number, keeping its neighbours, by any amount', async () => {
			await applyOne({ kind: 'set', namespace: ns, key: 'inc-2', value: { n: 10, other: 'kept' } });
			await applyOne({ kind: 'increment', namespace: ns, key: 'inc-2', path: ['n'], by: -3 });
			const record = written(
				await applyOne({ kind: 'increment', namespace: ns, key: 'inc-2', path: ['n'], by: 0.5 }),
			);

			expect(record.value).toEqual({ n: 7.5, other: 'kept' });
		});

		it('increments a whole value that is a number, and an array element', async () => {
			await applyOne({ kind: 'set', namespace: ns, key: 'inc-3', value: 41 });
			await applyOne({ kind: 'set', namespace: ns, key: 'inc-4', value: { list: [1, 2] } });

			expect(
				written(await applyOne({ kind: 'increment', namespace: ns, key: 'inc-3', path: [], by: 1 }))
					.value,
			).toBe(42);
			expect(
				written(
					await applyOne({
						kind: 'increment',
						namespace: ns,
						key: 'inc-4',
						path: ['list', 1],
						by: 1,
					}),
				).value,
			).toEqual({ list: [1, 3] });
		});

		it.each([
			['a string', { n: 'seven' }, ['n']],
			['a path through a scalar', { n: 5 }, ['n', 'deeper']],
			['an object', { n: { x: 1 } }, ['n']],
		])('refuses to increment %s and writes nothing', async (_title, initial, path) => {
			const key = `inc-bad-${String(_title)}`;
			await applyOne({ kind: 'set', namespace: ns, key, value: initial });
			const outcome = await applyOne({ kind: 'increment', namespace: ns, key, path, by: 1 });

			expect(outcome.status).toBe('typeMismatch');
			expect((await store.getMany(ns, [key])).get(key)).toMatchObject({
				value: initial,
				version: 1,
			});
		});
	});

	describe('Append', () => {
		it('creates the array when missing and pushes in order', async () => {
			await applyOne({ kind: 'append', namespace: ns, key: 'app-1', path: ['log'], values: ['a'] });
			const record = written(
				await applyOne({
					kind: 'append',
					namespace: ns,
					key: 'app-1',
					path: ['log'],
					values: ['b', { c: 1 }],
				}),
			);

			expect(record.value).toEqual({ log: ['a', 'b', { c: 1 }] });
		});

		it('keeps only the newest elements up to the maximum length', async () => {
			await applyOne({ kind: 'set', namespace: ns, key: 'app-2', value: [1, 2, 3] });
			const record = written(
				await applyOne({
					kind: 'append',
					namespace: ns,
					key: 'app-2',
					path: [],
					values: [4, 5],
					maxLength: 3,
				}),
			);

			expect(record.value).toEqual([3, 4, 5]);
		});

		it('refuses to append to a non-array and writes nothing', async () => {
			await applyOne({ kind: 'set', namespace: ns, key: 'app-3', value: { log: 'text' } });
			const outcome = await applyOne({
				kind: 'append',
				namespace: ns,
				key: 'app-3',
				path: ['log'],
				values: [1],
			});

			expect(outcome.status).toBe('typeMismatch');
			expect(await valueOf('app-3')).toEqual({ log: 'text' });
		});
	});

	describe('Compare-and-Set', () => {
		it('creates only when expecting version 0 and the key is free', async () => {
			expect(
				written(
					await applyOne({
						kind: 'compareAndSet',
						namespace: ns,
						key: 'cas-1',
						value: 'first',
						expectedVersion: 0,
					}),
				).version,
			).toBe(1);

			const second = await applyOne({
				kind: 'compareAndSet',
				namespace: ns,
				key: 'cas-1',
				value: 'second',
				expectedVersion: 0,
			});
			expect(second).toMatchObject({ status: 'conflict', current: { value: 'first', version: 1 } });
		});

		it('writes when the version matches and reports the current record when it does not', async () => {
			await applyOne({ kind: 'set', namespace: ns, key: 'cas-2', value: 1 });
			expect(
				written(
					await applyOne({
						kind: 'compareAndSet',
						namespace: ns,
						key: 'cas-2',
						value: 2,
						expectedVersion: 1,
					}),
				).version,
			).toBe(2);

			const stale = await applyOne({
				kind: 'compareAndSet',
				namespace: ns,
				key: 'cas-2',
				value: 3,
				expectedVersion: 1,
			});
			expect(stale).toMatchObject({ status: 'conflict', current: { value: 2, version: 2 } });
			expect(await valueOf('cas-2')).toBe(2);
		});

		it('reports a conflict with no current record when the key does not exist', async () => {
			const outcome = await applyOne({
				kind: 'compareAndSet',
				namespace: ns,
				key: 'cas-missing',
				value: 1,
				expectedVersion: 3,
			});

			expect(outcome).toEqual({ status: 'conflict', current: null });
			expect(await valueOf('cas-missing')).toBeUndefined();
		});
	});

	describe('Delete', () => {
		it('says whether something was deleted', async () => {
			await applyOne({ kind: 'set', namespace: ns, key: 'del-1', value: 1 });

			expect(await applyOne({ kind: 'delete', namespace: ns, key: 'del-1' })).toEqual({
				status: 'deleted',
				deleted: true,
			});
			expect(await applyOne({ kind: 'delete', namespace: ns, key: 'del-1' })).toEqual({
				status: 'deleted',
				deleted: false,
			});
			expect(await valueOf('del-1')).toBeUndefined();
		});
	});

	describe('time to live', () => {
		it('hides an expired record everywhere, restarts it on the next write, and purges it', async () => {
			const record = written(
				await applyOne({ kind: 'set', namespace: 'ttl', key: 'short', value: 1, ttlSeconds: 1 }),
			);
			expect(Date.parse(record.expiresAt ?? '')).toBeGreaterThan(Date.now());
			await applyOne({ kind: 'set', namespace: 'ttl', key: 'long', value: 2, ttlSeconds: 3600 });
			await applyOne({ kind: 'set', namespace: 'ttl', key: 'gone-later', value: 3, ttlSeconds: 1 });

			await sleep(1_300);

			expect(await valueOf('short', 'ttl')).toBeUndefined();
			expect((await store.list({ namespace: 'ttl' })).records.map((r) => r.key)).toEqual(['long']);
			expect(
				await applyOne({
					kind: 'compareAndSet',
					namespace: 'ttl',
					key: 'short',
					value: 'x',
					expectedVersion: 1,
				}),
			).toEqual({
				status: 'conflict',
				current: null,
			});
			const restarted = written(
				await applyOne({ kind: 'increment', namespace: 'ttl', key: 'short', path: ['n'], by: 1 }),
			);
			expect(restarted).toMatchObject({ value: { n: 1 }, version: 1, expiresAt: null });
			expect(await store.purgeExpired()).toBe(1);
		});
	});

	describe('List', () => {
		beforeAll(async () => {
			const keys = ['a_b', 'axb', 'a%c', 'abc', 'b-1', 'B-2', 'a_b:2'];
			await store.apply(
				keys.map((key) => ({ kind: 'set' as const, namespace: 'listing', key, value: key })),
			);
		});

		it('returns keys in byte order, page by page', async () => {
			const first = await store.list({ namespace: 'listing', limit: 3 });
			const second = await store.list({
				namespace: 'listing',
				limit: 3,
				afterKey: first.nextAfterKey ?? '',
			});
			const third = await store.list({
				namespace: 'listing',
				limit: 3,
				afterKey: second.nextAfterKey ?? '',
			});

			expect(first.records.map((r) => r.key)).toEqual(['B-2', 'a%c', 'a_b']);
			expect(second.records.map((r) => r.key)).toEqual(['a_b:2', 'abc', 'axb']);
			expect(third.records.map((r) => r.key)).toEqual(['b-1']);
			expect(third.nextAfterKey).toBeNull();
		});

		it('matches the prefix literally, wildcards included', async () => {
			expect(
				(await store.list({ namespace: 'listing', keyPrefix: 'a_' })).records.map((r) => r.key),
			).toEqual(['a_b', 'a_b:2']);
			expect(
				(await store.list({ namespace: 'listing', keyPrefix: 'a%' })).records.map((r) => r.key),
			).toEqual(['a%c']);
		});
	});

	describe('batches', () => {
		it('applies many mutations of the same keys in their given order, with one outcome each', async () => {
			const mutations: StateMutation[] = [];
			for (let i = 0; i < 600; i++) {
				const key = `batch-${i % 7}`;
				mutations.push(
					i % 50 === 0
						? { kind: 'merge', namespace: 'batch', key, patch: { mark: i } }
						: { kind: 'increment', namespace: 'batch', key, path: ['count'], by: 1 },
				);
			}
			mutations.push({
				kind: 'increment',
				namespace: 'batch',
				key: 'batch-0',
				path: ['mark'],
				by: 1000,
			});
			mutations.push({ kind: 'set', namespace: 'batch', key: 'batch-1', value: 'flat' });
			mutations.push({
				kind: 'increment',
				namespace: 'batch',
				key: 'batch-1',
				path: ['count'],
				by: 1,
			});

			const outcomes = await store.apply(mutations);

			expect(outcomes).toHaveLength(mutations.length);
			expect(outcomes.at(-1)?.status).toBe('typeMismatch');
			const records = await store.getMany('batch', ['batch-0', 'batch-1', 'batch-3']);
			// batch-0 gets i = 0, 7, ..., 595 (86 mutations), merges at i = 0 and 350, then +1000 on mark.
			// batch-3 gets 86 mutations of which two (i = 150, 500) are merges.
			expect(records.get('batch-0')).toMatchObject({
				value: { mark: 1350, count: 84 },
				version: 87,
			});
			expect(records.get('batch-1')?.value).toBe('flat');
			expect(records.get('batch-3')).toMatchObject({ value: { count: 84 } });
			expect(written(outcomes[7]).value).toEqual({ mark: 0, count: 1 });
		});
	});

	describe('concurrent writers', () => {
		it('loses no increment: 16 writers x 1,000 increments on one key make 16,000', async () => {
			const writers = await Promise.all(Array.from({ length: 16 }, () => backend.openStore()));

			await Promise.all(
				writers.map(async (writer) => {
					for (let i = 0; i < 1_000; i++) {
						await writer.apply([
							{ kind: 'increment', namespace: 'race', key: 'counter', path: ['n'], by: 1 },
						]);
					}
				}),
			);

			const record = (await store.getMany('race', ['counter'])).get('counter');
			expect(record).toMatchObject({ value: { n: 16_000 }, version: 16_000 });
		}, 120_000);
	});

	describe('change subscriptions', () => {
		it('delivers changes made through another store, filtered by namespace and prefix', async () => {
			const changes: StateChange[] = [];
			const stop = await store.subscribe({ namespace: 'feed', keyPrefix: 'order-' }, (change) =>
				changes.push(change),
			);
			const otherWriter = await backend.openStore();

			await otherWriter.apply([
				{ kind: 'set', namespace: 'feed', key: 'order-1', value: { total: 5 } },
				{ kind: 'set', namespace: 'feed', key: 'invoice-1', value: 'ignored: other prefix' },
				{ kind: 'set', namespace: 'elsewhere', key: 'order-1', value: 'ignored: other namespace' },
				{ kind: 'merge', namespace: 'feed', key: 'order-1', patch: { paid: true } },
				{ kind: 'delete', namespace: 'feed', key: 'order-1' },
			]);
			for (let waited = 0; changes.length < 3 && waited < 5_000; waited += 50) await sleep(50);
			await stop();

			expect(
				changes.map(({ key, operation, value, version }) => ({ key, operation, value, version })),
			).toEqual([
				{ key: 'order-1', operation: 'set', value: { total: 5 }, version: 1 },
				{ key: 'order-1', operation: 'merge', value: { total: 5, paid: true }, version: 2 },
				{ key: 'order-1', operation: 'delete', value: null, version: 0 },
			]);
		});

		it('delivers a value too large to travel inside a notification', async () => {
			const changes: StateChange[] = [];
			const stop = await store.subscribe({ namespace: 'feed-large' }, (change) =>
				changes.push(change),
			);
			const large = { text: 'x'.repeat(20_000) };

			await store.apply([{ kind: 'set', namespace: 'feed-large', key: 'big', value: large }]);
			for (let waited = 0; changes.length < 1 && waited < 5_000; waited += 50) await sleep(50);
			await stop();

			expect(changes).toHaveLength(1);
			expect(changes[0]).toMatchObject({ key: 'big', operation: 'set', value: large, version: 1 });
		});
	});
});
