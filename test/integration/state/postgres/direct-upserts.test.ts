import type { StateMutation } from '../../../../lib/state/types';
import { useStoreOnTestDatabase } from './test-database';
import { writtenRecord } from './outcomes';

// Set, and Merge without null members, are written by a plain upsert that returns only the values
// the caller does not already have. These tests hold its records to what a read gives back.

const fixture = useStoreOnTestDatabase();

async function applyAndRead(mutations: StateMutation[]) {
	const outcomes = await fixture.store.apply(mutations);
	const records = outcomes.map(writtenRecord);
	const read = await fixture.store.getMany(
		'direct',
		records.map(({ key }) => key),
	);
	return { records, read };
}

describe('direct upserts', () => {
	it('report the stored value whether it equals the patch or kept stored fields', async () => {
		await fixture.store.apply([
			{ kind: 'set', namespace: 'direct', key: 'kept', value: { old: 1, n: 0 } },
			{ kind: 'set', namespace: 'direct', key: 'replaced', value: { n: 0 } },
		]);

		const { records, read } = await applyAndRead([
			{ kind: 'merge', namespace: 'direct', key: 'kept', patch: { n: 1 } },
			{ kind: 'merge', namespace: 'direct', key: 'replaced', patch: { n: 1, tags: [null] } },
			{ kind: 'merge', namespace: 'direct', key: 'created', patch: { deep: { a: [1] } } },
		]);

		expect(records.map(({ value }) => value)).toEqual([
			{ old: 1, n: 1 },
			{ n: 1, tags: [null] },
			{ deep: { a: [1] } },
		]);
		for (const record of records) expect(read.get(record.key)).toEqual(record);
	});

	it('deep-merge nested objects and keep stored neighbours', async () => {
		await fixture.store.apply([
			{ kind: 'set', namespace: 'direct', key: 'nested', value: { a: { x: 1, y: 2 }, b: 1 } },
		]);

		const { records, read } = await applyAndRead([
			{ kind: 'merge', namespace: 'direct', key: 'nested', patch: { a: { y: 3 } } },
		]);

		expect(records[0].value).toEqual({ a: { x: 1, y: 3 }, b: 1 });
		expect(read.get('nested')).toEqual(records[0]);
	});

	it('report a value that JSON changes as stored, not as given', async () => {
		// A Code node can put a Date into an item, although the store's types admit only JSON.
		const when = new Date('2026-12-04T06:00:00.000Z') as unknown as string;

		const { records, read } = await applyAndRead([
			{ kind: 'set', namespace: 'direct', key: 'dated', value: { when } },
			{ kind: 'merge', namespace: 'direct', key: 'dated-merge', patch: { when } },
		]);

		expect(records.map(({ value }) => value)).toEqual([
			{ when: '2026-12-04T06:00:00.000Z' },
			{ when: '2026-12-04T06:00:00.000Z' },
		]);
		for (const record of records) expect(read.get(record.key)).toEqual(record);
	});

	it('write the other keys of a batch and report a merge into a non-object with its value', async () => {
		await fixture.store.apply([{ kind: 'set', namespace: 'direct', key: 'text', value: 'plain' }]);

		const outcomes = await fixture.store.apply([
			{ kind: 'merge', namespace: 'direct', key: 'fine-1', patch: { a: 1 } },
			{ kind: 'merge', namespace: 'direct', key: 'text', patch: { a: 1 } },
			{ kind: 'merge', namespace: 'direct', key: 'fine-2', patch: { a: 2 } },
		]);

		expect(outcomes.map(({ status }) => status)).toEqual(['written', 'typeMismatch', 'written']);
		expect(outcomes[1]).toMatchObject({ message: expect.stringContaining('it is text') });
		expect((await fixture.store.getMany('direct', ['text'])).get('text')?.value).toBe('plain');
	});

	it('send one statement for a batch of sets and merges of distinct keys', async () => {
		const before = fixture.store.statementsSent;

		await fixture.store.apply([
			{ kind: 'merge', namespace: 'direct', key: 'one-1', patch: { a: 1 } },
			{ kind: 'merge', namespace: 'direct', key: 'one-2', patch: { a: 2 } },
			{ kind: 'merge', namespace: 'direct', key: 'one-3', patch: { a: 3 } },
		]);

		expect(fixture.store.statementsSent - before).toBe(1);
	});

	it('restart an expired record from the patch', async () => {
		await fixture.store.apply([
			{ kind: 'set', namespace: 'direct', key: 'expired', value: 'not an object', ttlSeconds: 1 },
		]);
		await fixture.db.sql(
			`UPDATE workflow_states SET expires_at = now() - interval '1 second' WHERE workflow_id = 'expired'`,
		);

		const { records, read } = await applyAndRead([
			{ kind: 'merge', namespace: 'direct', key: 'expired', patch: { fresh: true } },
		]);

		expect(records[0]).toMatchObject({ value: { fresh: true }, version: 1, expiresAt: null });
		expect(read.get('expired')).toEqual(records[0]);
	});
});
