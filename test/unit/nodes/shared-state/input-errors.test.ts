import { InvalidStatePathError, StateInputError } from '../../../../lib/state';
import { incrementMutation } from '../../../../nodes/SharedState/operations/increment.operation';
import { mergeMutation } from '../../../../nodes/SharedState/operations/merge.operation';
import { setMutation } from '../../../../nodes/SharedState/operations/set.operation';
import { appendMutation } from '../../../../nodes/SharedState/operations/append.operation';
import { listQuery } from '../../../../nodes/SharedState/operations/list.operation';
import { readerFor } from './fakes';

function inputError(work: () => unknown): StateInputError {
	try {
		work();
	} catch (error) {
		if (error instanceof StateInputError) return error;
		throw error;
	}
	throw new Error('expected a StateInputError, but nothing was thrown');
}

describe('Shared State bad input: errors name the field and the fix', () => {
	it('invalid JSON in Value names Value, shows the text and says to quote strings', () => {
		const error = inputError(() =>
			setMutation(readerFor({ namespace: 'n', key: 'k', value: '{"status": done}' })),
		);

		expect(error.field).toBe('Value');
		expect(error.message).toMatch(/^Value is not valid JSON \(.+\): \{"status": done\}$/);
		expect(error.fix).toMatch(/double quotes/);
	});

	it('an empty Value is refused rather than stored as nothing', () => {
		const error = inputError(() =>
			setMutation(readerFor({ namespace: 'n', key: 'k', value: ' ' })),
		);
		expect(error.message).toBe('Value is empty');
		expect(error.fix).toMatch(/null for an empty value/);
	});

	it('a Patch that is not an object names Patch and points to Set', () => {
		const error = inputError(() =>
			mergeMutation(readerFor({ namespace: 'n', key: 'k', patch: '[1, 2]' })),
		);
		expect(error.field).toBe('Patch');
		expect(error.message).toBe('Patch must be a JSON object to merge, got an array');
		expect(error.fix).toMatch(/Set operation/);
	});

	it('a malformed Path names the text and the path syntax', () => {
		expect(() =>
			incrementMutation(readerFor({ namespace: 'n', key: 'k', path: 'counters..daily' })),
		).toThrow(InvalidStatePathError);
		expect(() =>
			incrementMutation(readerFor({ namespace: 'n', key: 'k', path: 'counters..daily' })),
		).toThrow(/Invalid path "counters..daily": it has an empty key/);
	});

	it('a key longer than 255 characters is refused on both backends, naming Key', () => {
		const error = inputError(() =>
			setMutation(readerFor({ namespace: 'n', key: 'k'.repeat(256), value: '1' })),
		);
		expect(error.field).toBe('Key');
		expect(error.message).toBe('Key is 256 characters long; at most 255 are allowed');
	});

	it('an empty Namespace and a key with a newline are refused', () => {
		expect(
			inputError(() => setMutation(readerFor({ namespace: '', key: 'k', value: '1' }))),
		).toMatchObject({ field: 'Namespace', message: 'Namespace is empty' });
		expect(
			inputError(() => setMutation(readerFor({ namespace: 'n', key: 'a\nb', value: '1' }))).message,
		).toMatch(/control characters/);
	});

	it('By must be a number and Max Length a whole number', () => {
		expect(
			inputError(() => incrementMutation(readerFor({ namespace: 'n', key: 'k', by: 'lots' }))),
		).toMatchObject({ field: 'By', message: 'By must be a number, got "lots"' });
		expect(
			inputError(() =>
				appendMutation(readerFor({ namespace: 'n', key: 'k', value: '1', maxLength: 1.5 })),
			).message,
		).toBe('Max Length must be a whole number, 0 or more, got 1.5');
	});

	it('a negative TTL names Time to Live (Seconds)', () => {
		const error = inputError(() =>
			setMutation(readerFor({ namespace: 'n', key: 'k', value: '1', options: { ttlSeconds: -5 } })),
		);
		expect(error.field).toBe('Time to Live (Seconds)');
	});

	it('a missing input field names Key Field and the field', () => {
		const error = inputError(() =>
			setMutation(readerFor({ namespace: 'n', dataSource: 'inputItems', keyField: 'id' }, {})),
		);
		expect(error.message).toBe('The input item has no field "id" (Key Field "id")');
	});

	it('a List Limit above 10,000 suggests paging', () => {
		expect(inputError(() => listQuery(readerFor({ namespace: 'n', limit: 20_000 }))).fix).toMatch(
			/After Key/,
		);
	});
});
