import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { SqliteStateStore } from '../../../lib/state/sqlite/sqlite-state-store';

const WORKER = path.join(__dirname, '..', '..', 'support', 'embedded-increment-worker.ts');

/** Runs the increment worker in its own Node process; resolves with its exit code and stderr. */
function runWorker(
	filePath: string,
	count: number,
): Promise<{ code: number | null; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', WORKER, filePath, String(count)], {
			stdio: ['ignore', 'ignore', 'pipe'],
		});
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stderr }));
	});
}

describe('the embedded store shared by several OS processes', () => {
	let folder: string;

	beforeAll(() => {
		folder = mkdtempSync(path.join(tmpdir(), 'wfc-multiprocess-'));
	});

	afterAll(() => {
		rmSync(folder, { recursive: true, force: true });
	});

	it('loses no update when three processes increment one key at the same time', async () => {
		const filePath = path.join(folder, 'state.sqlite');
		const store = await SqliteStateStore.open(filePath);
		let workersDone = false;
		let ownIncrements = 0;
		// This process keeps writing for as long as the two workers run, so the writes surely overlap.
		const inProcessWrites = (async () => {
			while (!workersDone) {
				await store.apply([
					{ kind: 'increment', namespace: 'race', key: 'shared', path: ['n'], by: 1 },
				]);
				ownIncrements++;
				// node:sqlite is synchronous, so without this the loop would only ever run microtasks
				// and the workers' exit events would never be delivered.
				await new Promise((resolve) => setImmediate(resolve));
			}
		})();

		const workers = await Promise.all([runWorker(filePath, 3_000), runWorker(filePath, 3_000)]);
		workersDone = true;
		await inProcessWrites;

		expect(workers).toEqual([
			{ code: 0, stderr: '' },
			{ code: 0, stderr: '' },
		]);
		expect(ownIncrements).toBeGreaterThan(0);
		const record = (await store.getMany('race', ['shared'])).get('shared');
		expect(record).toMatchObject({
			value: { n: 6_000 + ownIncrements },
			version: 6_000 + ownIncrements,
		});
		await store.close();
	}, 120_000);
});
