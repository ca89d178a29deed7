import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';

import { SqliteStateStore } from '../../../lib/state/sqlite/sqlite-state-store';
import type { StateChange } from '../../../lib/state/types';

const WORKER = path.join(__dirname, '..', '..', 'support', 'embedded-increment-worker.ts');

describe('the embedded change feed', () => {
	let folder: string;
	let filePath: string;
	const opened: SqliteStateStore[] = [];

	beforeEach(() => {
		folder = mkdtempSync(path.join(tmpdir(), 'wfc-change-feed-'));
		filePath = path.join(folder, 'state.sqlite');
	});

	afterEach(async () => {
		await Promise.all(opened.splice(0).map((store) => store.close()));
		rmSync(folder, { recursive: true, force: true });
	});

	async function openStore(): Promise<SqliteStateStore> {
		const store = await SqliteStateStore.open(filePath);
		opened.push(store);
		return store;
	}

	function count(sql: string): number {
		const db = new DatabaseSync(filePath);
		try {
			return Number((db.prepare(sql).get() as { n: number }).n);
		} finally {
			db.close();
		}
	}

	const changeRowsOf = (namespace: string) =>
		count(`SELECT count(*) AS n FROM wfc_state_changes WHERE namespace = '${namespace}'`);
	const leaseRows = () => count('SELECT count(*) AS n FROM wfc_state_subscribers');

	it('records changes only for namespaces that a subscriber watches', async () => {
		const watcher = await openStore();
		const writer = await openStore();
		const stop = await watcher.subscribe({ namespace: 'watched' }, () => undefined);

		await writer.apply([
			{ kind: 'set', namespace: 'watched', key: 'a', value: 1 },
			{ kind: 'set', namespace: 'unwatched', key: 'a', value: 1 },
			{ kind: 'merge', namespace: 'unwatched', key: 'b', patch: { x: 1 } },
			{ kind: 'delete', namespace: 'unwatched', key: 'a' },
		]);
		await stop();

		expect(changeRowsOf('watched')).toBe(1);
		expect(changeRowsOf('unwatched')).toBe(0);
	});

	it('keeps recording until the last subscription of a namespace ends', async () => {
		const store = await openStore();
		const stopFirst = await store.subscribe({ namespace: 'n' }, () => undefined);
		const stopSecond = await store.subscribe({ namespace: 'n', keyPrefix: 'x' }, () => undefined);

		await stopFirst();
		await store.apply([{ kind: 'set', namespace: 'n', key: 'k', value: 1 }]);
		const whileOneWatched = changeRowsOf('n');
		await stopSecond();
		await store.apply([{ kind: 'set', namespace: 'n', key: 'k', value: 2 }]);

		expect(whileOneWatched).toBe(1);
		expect(changeRowsOf('n')).toBe(1);
		expect(leaseRows()).toBe(0);
	});

	it('ends its leases when the store closes without unsubscribing', async () => {
		const store = await SqliteStateStore.open(filePath);
		await store.subscribe({ namespace: 'a' }, () => undefined);
		await store.subscribe({ namespace: 'b' }, () => undefined);
		const whileOpen = leaseRows();

		await store.close();

		expect(whileOpen).toBe(2);
		expect(leaseRows()).toBe(0);
	});

	it('stops recording for a process that died holding a lease once the lease has run out', async () => {
		jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
		try {
			const store = await openStore();
			const db = new DatabaseSync(filePath);
			db.prepare(
				`INSERT INTO wfc_state_subscribers (namespace, subscriber, lease_until_ms) VALUES ('ghost', 'dead-process', ?)`,
			).run(Date.now() + 1_000);
			db.close();

			await store.apply([{ kind: 'set', namespace: 'ghost', key: 'k', value: 1 }]);
			await jest.advanceTimersByTimeAsync(60_000);
			await store.apply([{ kind: 'set', namespace: 'ghost', key: 'k', value: 2 }]);

			expect(changeRowsOf('ghost')).toBe(1);
			expect(leaseRows()).toBe(0);
		} finally {
			jest.useRealTimers();
		}
	});

	it('delivers every write another OS process makes after the subscription, in order', async () => {
		const store = await openStore();
		const changes: StateChange[] = [];
		const stop = await store.subscribe({ namespace: 'race' }, (change) => changes.push(change));

		const worker = await runIncrementWorker(filePath, 200);
		for (let waited = 0; changes.length < 200 && waited < 10_000; waited += 50) await sleep(50);
		await stop();

		expect(worker).toEqual({ code: 0, stderr: '' });
		expect(changes.map((change) => change.version)).toEqual(
			Array.from({ length: 200 }, (_, i) => i + 1),
		);
		expect(changes[199]).toMatchObject({
			key: 'shared',
			operation: 'increment',
			value: { n: 200 },
		});
	}, 60_000);
});

/** Runs the increment worker in its own Node process; resolves with its exit code and stderr. */
function runIncrementWorker(
	filePath: string,
	times: number,
): Promise<{ code: number | null; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', WORKER, filePath, String(times)], {
			stdio: ['ignore', 'ignore', 'pipe'],
		});
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stderr }));
	});
}
