// `npm run bench:state`: the Shared State node and store against their baselines, in one run.
//  1. Inside one real n8n, a webhook workflow makes 10,000 items of ~1 KB (`--items=N`) and upserts
//     them into PostgreSQL: with our Shared State Merge (one batch), and with n8n's Postgres node
//     (INSERT ... ON CONFLICT DO UPDATE, one query per item, its default batching). Each node is
//     timed by n8n itself (executionTime in the execution's run data), so HTTP, the Code node and
//     saving the execution do not count. One warm-up each, then runs alternate; best of 4.
//  2. The same rows as one raw `pg` statement (jsonb_to_recordset) from this process.
//  3. The embedded store (lib) against raw node:sqlite doing the same merge upsert.
// Everything runs in a database of its own, created and dropped here. The last stdout line is one
// JSON object: {"vsPostgresNode": x, "vsRawPg": y, "embeddedVsRaw": z} (our throughput / theirs).
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { Client } from 'pg';

import { closeSharedStateStores } from '../../lib/state';
import { LOCAL_POSTGRES as SERVER, withLocalAdmin } from '../../tools/local-postgres';
import { startN8n, type N8nInstance } from '../../tools/n8n-host';
import { measureEmbedded } from './state/embedded';
import { RAW_TABLE, createBaselineTables, rawMultiRowUpsert } from './state/raw-pg';
import {
	CONTESTANTS,
	POSTGRES_NODE_TABLE,
	benchWorkflows,
	type ContestantName,
} from './state/workflows';

// Single runs vary by a third on this kind of machine (a shared VM); the best of several is what
// each contestant can do, and every contestant gets the same number of tries.
const MEASURED_RUNS = 4;
const WHOLE_RUN_LIMIT_MS = 15 * 60_000;

function parseItems(): number {
	const given = process.argv.find((arg) => arg.startsWith('--items='))?.split('=')[1];
	const items = Number(given ?? 10_000);
	if (!Number.isInteger(items) || items < 1 || items > 50_000) {
		throw new Error('--items must be a whole number between 1 and 50000');
	}
	return items;
}

/** The same rows the Code node makes, for the baselines that run outside n8n. */
function benchRows(items: number): Array<{ key: string; value: Record<string, unknown> }> {
	return Array.from({ length: items }, (_, i) => ({
		key: `item-${i}`,
		value: {
			id: i,
			name: `Item ${i}`,
			tags: ['alpha', 'beta', 'gamma'],
			run: 'raw',
			payload: 'x'.repeat(880),
		},
	}));
}

async function importWorkflows(n8n: N8nInstance, credentialId: string, items: number) {
	await n8n.importWorkflowDefinitions(benchWorkflows(credentialId, items));
	for (const contestant of Object.values(CONTESTANTS)) await n8n.waitForWebhook(contestant.path);
}

/**
 * Retries a call to n8n that failed at the connection level: under load, n8n closes idle
 * keep-alive sockets just as the next poll reuses them (ECONNRESET), which says nothing about
 * the run being measured.
 */
async function retried<T>(call: () => Promise<T>): Promise<T> {
	for (let attempt = 1; ; attempt += 1) {
		try {
			return await call();
		} catch (error) {
			const reset = error instanceof TypeError && error.message === 'fetch failed';
			if (!reset || attempt >= 3) throw error;
			await sleep(1000);
		}
	}
}

/** Starts one run and returns n8n's own timing of the writing node, in milliseconds. */
async function runInN8n(n8n: N8nInstance, name: ContestantName, items: number): Promise<number> {
	const { id, path: webhookPath, node } = CONTESTANTS[name];
	const before = (await retried(() => n8n.api.listExecutions({ workflowId: id }))).length;
	const response = await n8n.webhook(webhookPath, { body: {} });
	if (response.status !== 200) throw new Error(`${name}: webhook answered ${response.status}`);

	for (let waited = 0; waited < 300_000; waited += 500) {
		const finished = (await retried(() => n8n.api.listExecutions({ workflowId: id }))).filter(
			(execution) => execution.finished || ['error', 'crashed'].includes(execution.status),
		);
		if (finished.length > before) {
			const latest = finished.sort((a, b) => Number(b.id) - Number(a.id))[0];
			const execution = await retried(() => n8n.api.getExecution(latest.id));
			const run = execution.data?.resultData.runData[node]?.[0];
			// n8n's Postgres node puts out one summary item for a query without RETURNING; its rows
			// are counted in the table afterwards instead.
			const written = run?.data?.main[0]?.length ?? 0;
			if (execution.status !== 'success' || (name === 'sharedState' && written !== items)) {
				const reason = execution.data?.resultData.error?.message ?? `${written} items out`;
				throw new Error(`${name}: execution ${latest.id} ${execution.status}: ${reason}`);
			}
			return run?.executionTime ?? Number.NaN;
		}
		await sleep(500);
	}
	throw new Error(`${name}: no finished execution after 5 minutes`);
}

async function measureInN8n(n8n: N8nInstance, items: number) {
	const names = Object.keys(CONTESTANTS) as ContestantName[];
	for (const name of names) console.log(`warm-up ${name}: ${await runInN8n(n8n, name, items)} ms`);
	const times: Record<ContestantName, number[]> = { sharedState: [], postgresNode: [] };
	for (let run = 0; run < MEASURED_RUNS; run += 1) {
		for (const name of names) {
			const ms = await runInN8n(n8n, name, items);
			times[name].push(ms);
			console.log(`run ${run + 1} ${name}: ${ms} ms`);
		}
	}
	return times;
}

async function measureRawPg(database: string, items: number): Promise<number[]> {
	const client = new Client({ ...SERVER, database });
	await client.connect();
	try {
		const rows = benchRows(items);
		await rawMultiRowUpsert(client, rows);
		const times: number[] = [];
		for (let run = 0; run < MEASURED_RUNS; run += 1)
			times.push(await rawMultiRowUpsert(client, rows));
		return times;
	} finally {
		await client.end();
	}
}

/** Both writers in n8n must have written every row, or their times mean nothing. */
async function assertRowCounts(database: string, items: number): Promise<void> {
	const client = new Client({ ...SERVER, database });
	await client.connect();
	try {
		for (const table of ['workflow_states', POSTGRES_NODE_TABLE]) {
			const { rows } = await client.query<{ count: string }>(
				`SELECT count(*) FROM ${table} WHERE namespace = 'bench'`,
			);
			if (Number(rows[0].count) !== items) {
				throw new Error(`${table} holds ${rows[0].count} bench rows, expected ${items}`);
			}
		}
	} finally {
		await client.end();
	}
}

const perSecond = (items: number, ms: number) => Math.round((items / ms) * 1000);
const ratio = (ours: number, theirs: number) => Math.round((theirs / ours) * 100) / 100;

async function main(): Promise<void> {
	const items = parseItems();
	const database = `wfc_bench_${randomBytes(6).toString('hex')}`;
	let n8n: N8nInstance | undefined;
	const limit = setTimeout(() => {
		console.error(`bench:state did not finish within ${WHOLE_RUN_LIMIT_MS / 60_000} minutes`);
		void n8n?.stop().finally(() => process.exit(1));
	}, WHOLE_RUN_LIMIT_MS);

	await withLocalAdmin((admin) => admin.query(`CREATE DATABASE ${database}`));
	try {
		const setup = new Client({ ...SERVER, database });
		await setup.connect();
		await createBaselineTables(setup, [POSTGRES_NODE_TABLE, RAW_TABLE]);
		await setup.end();

		console.log(`starting n8n; ${items} items of ~1 KB per run`);
		n8n = await startN8n();
		const credentialId = await n8n.api.createCredential({
			name: 'Bench database',
			type: 'postgres',
			data: {
				host: SERVER.host,
				port: SERVER.port,
				database,
				user: SERVER.user,
				password: SERVER.password ?? '',
				ssl: 'disable',
				allowUnauthorizedCerts: false,
				sshTunnel: false,
			},
		});
		await importWorkflows(n8n, credentialId, items);
		const inN8n = await measureInN8n(n8n, items).catch((error: unknown) => {
			console.error(`n8n's log ends with:\n${n8n?.logs().split('\n').slice(-30).join('\n')}`);
			throw error;
		});
		await n8n.stop();
		n8n = undefined;

		await assertRowCounts(database, items);
		const rawPg = await measureRawPg(database, items);
		const embedded = await measureEmbedded(benchRows(items));

		const ours = Math.min(...inN8n.sharedState);
		const pgNode = Math.min(...inN8n.postgresNode);
		const raw = Math.min(...rawPg);
		console.log('');
		console.log(`| what (${items} upserts of ~1 KB) | best ms | per second |`);
		console.log('| --- | --- | --- |');
		console.log(
			`| Shared State Merge node in n8n (PostgreSQL) | ${ours} | ${perSecond(items, ours)} |`,
		);
		console.log(`| n8n Postgres node, upsert per item | ${pgNode} | ${perSecond(items, pgNode)} |`);
		console.log(
			`| raw pg, one jsonb_to_recordset statement | ${raw.toFixed(0)} | ${perSecond(items, raw)} |`,
		);
		console.log(
			`| embedded store (lib), one batch of merges | ${embedded.oursMs.toFixed(0)} | ${perSecond(items, embedded.oursMs)} |`,
		);
		console.log(
			`| raw node:sqlite, same upsert in one transaction | ${embedded.rawMs.toFixed(0)} | ${perSecond(items, embedded.rawMs)} |`,
		);
		console.log(
			JSON.stringify({
				vsPostgresNode: ratio(ours, pgNode),
				vsRawPg: ratio(ours, raw),
				embeddedVsRaw: ratio(embedded.oursMs, embedded.rawMs),
			}),
		);
	} finally {
		clearTimeout(limit);
		await n8n?.stop();
		await closeSharedStateStores();
		await withLocalAdmin((admin) =>
			admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
		);
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.stack : error);
	if (error instanceof Error && error.cause) console.error('caused by', error.cause);
	process.exitCode = 1;
});
