import { NodeOperationError } from 'n8n-workflow';

import { runWrites, toOutputs } from '../../../../nodes/SharedState/batch-writes';
import { itemReaders } from '../../../../nodes/SharedState/item-reader';
import { compareAndSetMutation } from '../../../../nodes/SharedState/operations/compare-and-set.operation';
import { runGet } from '../../../../nodes/SharedState/operations/get.operation';
import { incrementMutation } from '../../../../nodes/SharedState/operations/increment.operation';
import { setMutation } from '../../../../nodes/SharedState/operations/set.operation';
import { RecordingStore, fakeContext, record } from './fakes';

const perItemValue = (index: number) => `{"n": ${index}}`;

describe('Shared State writes: one batch per node run, every item accounted for', () => {
	it('sends 500 items to the store in ONE apply call and pairs each output with its input', async () => {
		const items = Array.from({ length: 500 }, (_, index) => ({ id: index }));
		const context = fakeContext(
			{ namespace: 'n', key: (i: number) => `k${i}`, value: perItemValue },
			items,
		);
		const store = new RecordingStore();

		const outputs = toOutputs(
			await runWrites(context, store, itemReaders(context), setMutation, false),
			1,
		);

		expect(store.applied).toHaveLength(1);
		expect(store.applied[0]).toHaveLength(500);
		expect(outputs[0]).toHaveLength(500);
		expect(outputs[0][499]).toMatchObject({
			json: { key: 'k499', value: { n: 499 } },
			pairedItem: { item: 499 },
		});
	});

	it('fails on a bad item before anything is written when Continue On Fail is off', async () => {
		const context = fakeContext(
			{ namespace: 'n', key: (i: number) => `k${i}`, value: (i: number) => (i === 1 ? '{' : '1') },
			[{}, {}, {}],
		);
		const store = new RecordingStore();

		const run = runWrites(context, store, itemReaders(context), setMutation, false);

		await expect(run).rejects.toThrow(NodeOperationError);
		await expect(run).rejects.toMatchObject({
			message: expect.stringMatching(/^Value is not valid JSON/),
			context: { itemIndex: 1 },
		});
		expect(store.applied).toHaveLength(0);
	});

	it('with Continue On Fail, writes the good items and puts out an error item for the bad one', async () => {
		const context = fakeContext(
			{ namespace: 'n', key: (i: number) => `k${i}`, value: (i: number) => (i === 1 ? '{' : '1') },
			[{}, {}, {}],
			{ continueOnFail: true },
		);
		const store = new RecordingStore();

		const [output] = toOutputs(
			await runWrites(context, store, itemReaders(context), setMutation, false),
			1,
		);

		expect(store.applied[0].map((mutation) => mutation.key)).toEqual(['k0', 'k2']);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[1].json).toEqual({
			error: {
				message: expect.stringMatching(/^Value is not valid JSON/),
				description: expect.stringMatching(/double quotes/),
			},
		});
	});

	it('a value PostgreSQL cannot store (NUL character) fails only its own item', async () => {
		const context = fakeContext(
			{
				namespace: 'n',
				key: (i: number) => `k${i}`,
				value: (i: number) => (i === 0 ? '"a\\u0000"' : '2'),
			},
			[{}, {}],
			{ continueOnFail: true },
		);
		const store = new RecordingStore();

		const [output] = toOutputs(
			await runWrites(context, store, itemReaders(context), setMutation, false),
			1,
		);

		expect(store.applied[0].map((mutation) => mutation.key)).toEqual(['k1']);
		expect(output[0].json.error).toMatchObject({ message: expect.stringMatching(/NUL/) });
	});

	it('sends a Compare-and-Set conflict to the Conflict output with the current record', async () => {
		const winner = record('accounts', 'a@x.io', { plan: 'first' }, 4);
		const context = fakeContext(
			{ namespace: 'accounts', key: 'a@x.io', value: '{"plan": "second"}', expectedVersion: 0 },
			[{}],
		);
		const store = new RecordingStore(() => ({ status: 'conflict', current: winner }));

		const outputs = toOutputs(
			await runWrites(context, store, itemReaders(context), compareAndSetMutation, true),
			2,
		);

		expect(outputs[0]).toEqual([]);
		expect(outputs[1]).toEqual([
			{
				json: {
					namespace: 'accounts',
					key: 'a@x.io',
					value: { plan: 'first' },
					version: 4,
					createdAt: winner.createdAt,
					updatedAt: winner.updatedAt,
					expiresAt: null,
					expectedVersion: 0,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('with On Conflict = error, a conflict fails the item and says how to recover', async () => {
		const context = fakeContext(
			{ namespace: 'accounts', key: 'a@x.io', value: '{}', expectedVersion: 2 },
			[{}],
		);
		const store = new RecordingStore(() => ({
			status: 'conflict',
			current: record('accounts', 'a@x.io', {}, 3),
		}));

		await expect(
			runWrites(context, store, itemReaders(context), compareAndSetMutation, false),
		).rejects.toMatchObject({
			message: 'Key "a@x.io" is at version 3, not at Expected Version 2',
			description: expect.stringMatching(/Send to Conflict Output/),
		});
	});

	it('turns a type mismatch into an error for that item only', async () => {
		const context = fakeContext(
			{ namespace: 'n', key: (i: number) => `k${i}`, path: 'count' },
			[{}, {}],
			{ continueOnFail: true },
		);
		const store = new RecordingStore((mutation) =>
			mutation.key === 'k0'
				? { status: 'typeMismatch', message: 'the value at count is text, not a number' }
				: { status: 'written', record: record('n', 'k1', { count: 1 }) },
		);

		const [output] = toOutputs(
			await runWrites(context, store, itemReaders(context), incrementMutation, false),
			1,
		);

		expect(output[0].json).toEqual({
			error: {
				message: 'Key "k0": the value at count is text, not a number',
				description: expect.stringMatching(/^Increment needs a number/),
			},
			namespace: 'n',
			key: 'k0',
		});
		expect(output[1].json).toMatchObject({ key: 'k1', value: { count: 1 } });
	});
});

describe('Shared State Get', () => {
	it('reads all keys of a namespace with one getMany and skips missing keys by default', async () => {
		const context = fakeContext({ namespace: 'n', key: (i: number) => `k${i}` }, [{}, {}, {}]);
		const store = new RecordingStore(undefined, [record('n', 'k0', 1), record('n', 'k2', 3)]);

		const [output] = toOutputs(await runGet(context, store, itemReaders(context)), 1);

		expect(store.reads).toEqual([{ namespace: 'n', keys: ['k0', 'k1', 'k2'] }]);
		expect(output.map((item) => [item.json.key, item.pairedItem])).toEqual([
			['k0', { item: 0 }],
			['k2', { item: 2 }],
		]);
	});

	it('puts out found: false for a missing key when asked, or fails naming the key', async () => {
		const emptyRecord = fakeContext({ namespace: 'n', key: 'gone', onMissing: 'emptyRecord' }, [
			{},
		]);
		const failing = fakeContext({ namespace: 'n', key: 'gone', onMissing: 'error' }, [{}]);
		const store = new RecordingStore();

		const [output] = toOutputs(await runGet(emptyRecord, store, itemReaders(emptyRecord)), 1);
		expect(output[0].json).toMatchObject({ key: 'gone', value: null, version: 0, found: false });
		await expect(runGet(failing, store, itemReaders(failing))).rejects.toThrow(
			'Key "gone" does not exist in namespace "n" (or it has expired)',
		);
	});
});
