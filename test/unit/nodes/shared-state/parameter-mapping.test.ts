import { appendMutation } from '../../../../nodes/SharedState/operations/append.operation';
import { compareAndSetMutation } from '../../../../nodes/SharedState/operations/compare-and-set.operation';
import { deleteMutation } from '../../../../nodes/SharedState/operations/delete.operation';
import { incrementMutation } from '../../../../nodes/SharedState/operations/increment.operation';
import { listQuery } from '../../../../nodes/SharedState/operations/list.operation';
import { mergeMutation } from '../../../../nodes/SharedState/operations/merge.operation';
import { setMutation } from '../../../../nodes/SharedState/operations/set.operation';
import { hasConflictOutput } from '../../../../nodes/SharedState/run-operation';
import { readerFor } from './fakes';

describe('Shared State parameters -> store mutations', () => {
	it('Set parses the Value text as JSON and carries the TTL option', () => {
		const reader = readerFor({
			namespace: 'orders',
			key: 'order:1',
			value: '{"status": "paid", "total": 12.5}',
			options: { ttlSeconds: 60 },
		});

		expect(setMutation(reader)).toEqual({
			kind: 'set',
			namespace: 'orders',
			key: 'order:1',
			value: { status: 'paid', total: 12.5 },
			ttlSeconds: 60,
		});
	});

	it('Set takes a value an expression returned as an object without re-parsing it', () => {
		const value = { nested: { list: [1, 2] } };
		expect(setMutation(readerFor({ namespace: 'n', key: 'k', value })).value).toBe(value);
	});

	it('Merge turns the Patch into a merge mutation with no expiry by default', () => {
		expect(mergeMutation(readerFor({ namespace: 'n', key: 'k', patch: '{"a": null}' }))).toEqual({
			kind: 'merge',
			namespace: 'n',
			key: 'k',
			patch: { a: null },
			ttlSeconds: 0,
		});
	});

	it('Increment parses Path into segments and defaults By to 1', () => {
		const mutation = incrementMutation(
			readerFor({ namespace: 'n', key: 'k', path: 'counters.daily[2].hits' }),
		);
		expect(mutation).toMatchObject({ path: ['counters', 'daily', 2, 'hits'], by: 1 });
	});

	it('Append wraps Value as one element and treats Max Length 0 as unlimited', () => {
		const unlimited = appendMutation(
			readerFor({ namespace: 'n', key: 'run:1', path: 'steps', value: '{"step": "a"}' }),
		);
		const capped = appendMutation(
			readerFor({ namespace: 'n', key: 'run:1', path: 'steps', value: '"b"', maxLength: 3 }),
		);

		expect(unlimited).toMatchObject({ path: ['steps'], values: [{ step: 'a' }] });
		expect(unlimited.maxLength).toBeUndefined();
		expect(capped).toMatchObject({ values: ['b'], maxLength: 3 });
	});

	it('Compare-and-Set reads Expected Version, 0 meaning "only if new"', () => {
		expect(
			compareAndSetMutation(
				readerFor({ namespace: 'accounts', key: 'a@x.io', value: '{}', expectedVersion: 0 }),
			),
		).toMatchObject({ kind: 'compareAndSet', expectedVersion: 0, value: {} });
	});

	it('Delete needs only namespace and key', () => {
		expect(deleteMutation(readerFor({ namespace: 'n', key: 'k' }))).toEqual({
			kind: 'delete',
			namespace: 'n',
			key: 'k',
		});
	});

	it('reads key and whole-item value from input items when Key and Value From says so', () => {
		const json = { id: 'sku-9', price: 3 };
		const mutation = mergeMutation(
			readerFor({ namespace: 'n', dataSource: 'inputItems', keyField: 'id' }, json),
		);
		expect(mutation).toMatchObject({ key: 'sku-9', patch: json });
	});

	it('reads a nested value field and a numeric key field from input items', () => {
		const mutation = setMutation(
			readerFor(
				{ namespace: 'n', dataSource: 'inputItems', keyField: 'meta.id', valueField: 'body' },
				{ meta: { id: 42 }, body: [1, 2] },
			),
		);
		expect(mutation).toMatchObject({ key: '42', value: [1, 2] });
	});

	it('List pages with Limit and After Key, and drops empty prefix and cursor', () => {
		expect(listQuery(readerFor({ namespace: 'n', limit: 10, afterKey: 'k9' }))).toEqual({
			namespace: 'n',
			keyPrefix: undefined,
			afterKey: 'k9',
			limit: 10,
		});
		expect(listQuery(readerFor({ namespace: 'n', keyPrefix: 'run:', returnAll: true }))).toEqual({
			namespace: 'n',
			keyPrefix: 'run:',
			afterKey: undefined,
			limit: 1000,
		});
	});

	it('adds the Conflict output only for Compare-and-Set with On Conflict = output', () => {
		expect(hasConflictOutput('compareAndSet', 'output')).toBe(true);
		expect(hasConflictOutput('compareAndSet', 'error')).toBe(false);
		expect(hasConflictOutput('set', 'output')).toBe(false);
	});
});
