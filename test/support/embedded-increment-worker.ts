// Child process for the cross-process test: opens the embedded store at argv[2] on its own
// connection and increments one counter argv[3] times, one statement at a time, as a second n8n
// process (a worker) sharing the host would.
import { SqliteStateStore } from '../../lib/state/sqlite/sqlite-state-store';

async function main(filePath: string, count: number): Promise<void> {
	const store = await SqliteStateStore.open(filePath);
	for (let i = 0; i < count; i++) {
		await store.apply([
			{ kind: 'increment', namespace: 'race', key: 'shared', path: ['n'], by: 1 },
		]);
	}
	await store.close();
}

main(process.argv[2], Number(process.argv[3])).catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
