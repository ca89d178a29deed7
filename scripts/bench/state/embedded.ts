import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import { sharedStateStore, closeSharedStateStores, type StateMutation } from '../../../lib/state';

type BenchRow = { key: string; value: Record<string, unknown> };

/** Milliseconds each side took for the same merges; lower is better. */
export interface EmbeddedFigures {
	oursMs: number;
	rawMs: number;
}

/**
 * Our embedded store applying `rows` merges as one batch (what one node run sends) against raw
 * node:sqlite running the same upsert (json_patch merge) row by row in one transaction, each in a
 * fresh file. Both are measured on rows that already exist (the second of two passes), so each
 * measures the merge, not the first insert. The second pass changes one field of every row, as
 * each run in n8n does (its rows carry the execution ID): re-merging identical values lets SQLite
 * skip writing the row at all, which would time a no-op on the raw side.
 */
export async function measureEmbedded(rows: BenchRow[]): Promise<EmbeddedFigures> {
	const folder = await mkdtemp(path.join(os.tmpdir(), 'bench-state-embedded-'));
	try {
		const store = await sharedStateStore({
			backend: 'embedded',
			filePath: path.join(folder, 'ours.sqlite'),
		});
		const passes = [rows, secondPass(rows)];
		const merges = (pass: BenchRow[]): StateMutation[] =>
			pass.map((row) => ({
				kind: 'merge',
				namespace: 'bench',
				key: row.key,
				patch: row.value as Record<string, never>,
			}));
		await store.apply(merges(passes[0]));
		const measured = merges(passes[1]);
		const oursStarted = performance.now();
		await store.apply(measured);
		const oursMs = performance.now() - oursStarted;
		await closeSharedStateStores();

		const rawMs = rawSqliteMerges(path.join(folder, 'raw.sqlite'), passes);
		return { oursMs, rawMs };
	} finally {
		await rm(folder, { recursive: true, force: true });
	}
}

/** The same rows with one field changed, so that every merge of the measured pass writes. */
function secondPass(rows: BenchRow[]): BenchRow[] {
	return rows.map((row) => ({ key: row.key, value: { ...row.value, run: 'second pass' } }));
}

function rawSqliteMerges(file: string, [first, second]: BenchRow[][]): number {
	const db = new DatabaseSync(file);
	db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
	db.exec(`CREATE TABLE state (namespace TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
		PRIMARY KEY (namespace, key)) WITHOUT ROWID`);
	const upsert = db.prepare(`INSERT INTO state (namespace, key, value) VALUES ('bench', ?, ?)
		ON CONFLICT (namespace, key) DO UPDATE SET value = json_patch(state.value, excluded.value)`);
	const pass = (rows: BenchRow[]) => {
		db.exec('BEGIN IMMEDIATE');
		for (const row of rows) upsert.run(row.key, JSON.stringify(row.value));
		db.exec('COMMIT');
	};
	pass(first);
	const started = performance.now();
	pass(second);
	const elapsed = performance.now() - started;
	db.close();
	return elapsed;
}
