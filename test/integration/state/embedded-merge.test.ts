import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { SqliteStateStore } from '../../../lib/state/sqlite/sqlite-state-store';
import type { JsonValue } from '../../../lib/state/types';

// The embedded Merge statement tells an object from other values by the stored text's first
// character, and skips json_patch for a patch without nulls; these are the edges of both shortcuts.
describe('Merge on the embedded store', () => {
	let folder: string;
	let store: SqliteStateStore;

	beforeAll(async () => {
		folder = mkdtempSync(path.join(tmpdir(), 'wfc-merge-'));
		store = await SqliteStateStore.open(path.join(folder, 'state.sqlite'));
	});

	afterAll(async () => {
		await store.close();
		rmSync(folder, { recursive: true, force: true });
	});

	it.each<[string, JsonValue]>([
		['text that looks like an object', '{"a":1}'],
		['an array holding an object', [{ a: 1 }]],
		['a number', 7],
		['null', null],
	])('refuses to merge into %s and leaves it as it was', async (_, stored) => {
		const key = `not-an-object-${JSON.stringify(stored)}`;
		await store.apply([{ kind: 'set', namespace: 'm', key, value: stored }]);

		const [outcome] = await store.apply([{ kind: 'merge', namespace: 'm', key, patch: { b: 2 } }]);

		expect(outcome.status).toBe('typeMismatch');
		expect((await store.getMany('m', [key])).get(key)).toMatchObject({ value: stored, version: 1 });
	});

	it('keeps text that merely mentions null when it creates a record', async () => {
		const patch = { note: 'null and void', nested: { word: 'null' } };

		const [outcome] = await store.apply([
			{ kind: 'merge', namespace: 'm', key: 'mentions', patch },
		]);

		expect(outcome).toMatchObject({ status: 'written', record: { value: patch, version: 1 } });
	});

	it('creates a record from a patch without nulls exactly as given', async () => {
		const patch = { a: [1, { b: 'x' }], c: { d: 1.5e300, e: '\u2028' } };

		await store.apply([{ kind: 'merge', namespace: 'm', key: 'plain', patch }]);

		expect((await store.getMany('m', ['plain'])).get('plain')?.value).toEqual(patch);
	});
});
