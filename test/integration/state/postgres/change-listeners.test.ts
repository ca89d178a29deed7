import { Client, type Notification } from 'pg';

import type { PostgresStateStore } from '../../../../lib/state/postgres';
import { resolveStateTable } from '../../../../lib/state/postgres/state-table';
import type { StateChange } from '../../../../lib/state/types';
import { SERVER, createTestDatabase, type TestDatabase } from './test-database';
import { sleep } from './outcomes';

// The change triggers announce only what a registered listener wants, so that writes nobody
// watches pay nothing for the change feed. A raw LISTEN connection that registers nothing sees
// exactly what the triggers send.

const { channel } = resolveStateTable();

let db: TestDatabase;
let store: PostgresStateStore;
let spy: Client;
const heard: Array<{ namespace: string; key: string }> = [];

beforeAll(async () => {
	db = await createTestDatabase();
	store = await db.openStore();
	spy = new Client({ ...SERVER, database: db.name });
	await spy.connect();
	spy.on('notification', ({ payload }: Notification) => heard.push(JSON.parse(payload ?? '{}')));
	await spy.query(`LISTEN "${channel}"`);
});

afterAll(async () => {
	await spy.end();
	await store.close();
	await db.drop();
});

beforeEach(() => {
	heard.length = 0;
});

/** Writes, then gives the notifications of that transaction time to arrive. */
async function write(namespace: string, keys: string[]): Promise<void> {
	await store.apply(keys.map((key) => ({ kind: 'set' as const, namespace, key, value: 1 })));
	await sleep(150);
}

async function waitFor(condition: () => boolean): Promise<void> {
	for (let attempt = 0; attempt < 200 && !condition(); attempt += 1) await sleep(25);
}

describe('change notifications', () => {
	it('are not sent while nobody listens to the table', async () => {
		await write('quiet', ['a', 'b']);
		await store.apply([{ kind: 'delete', namespace: 'quiet', key: 'a' }]);
		await sleep(150);

		expect(heard).toEqual([]);
	});

	it('are sent for the namespace and key prefix a subscriber registered, and stop when it leaves', async () => {
		const changes: StateChange[] = [];
		const stop = await store.subscribe({ namespace: 'watched', keyPrefix: 'order-' }, (change) =>
			changes.push(change),
		);
		const registered = await db.sql(`SELECT namespace, key_prefix FROM wfc_change_listeners`);

		await write('watched', ['order-1', 'other-1']);
		await write('elsewhere', ['order-1']);
		await waitFor(() => changes.length >= 1);
		await stop();
		await write('watched', ['order-2']);

		expect(registered).toEqual([{ namespace: 'watched', key_prefix: 'order-' }]);
		expect(heard.map(({ namespace, key }) => `${namespace}/${key}`)).toEqual(['watched/order-1']);
		expect(changes.map(({ key, value }) => ({ key, value }))).toEqual([
			{ key: 'order-1', value: 1 },
		]);
		expect(await db.sql(`SELECT * FROM wfc_change_listeners`)).toEqual([]);
	});

	it('deliver a change made right after subscribe resolved', async () => {
		const changes: StateChange[] = [];
		const stop = await store.subscribe({ namespace: 'race' }, (change) => changes.push(change));

		await store.apply([{ kind: 'merge', namespace: 'race', key: 'first', patch: { n: 1 } }]);
		await waitFor(() => changes.length >= 1);
		await stop();

		expect(
			changes.map(({ key, operation, value, version }) => ({ key, operation, value, version })),
		).toEqual([{ key: 'first', operation: 'merge', value: { n: 1 }, version: 1 }]);
	});

	it('are not sent for a registration whose lease ran out', async () => {
		const stop = await store.subscribe({ namespace: 'lapsed' }, () => undefined);
		await db.sql(`UPDATE wfc_change_listeners SET lease_until = now() - interval '1 second'`);

		await write('lapsed', ['a']);
		await stop();

		expect(heard).toEqual([]);
	});
});
