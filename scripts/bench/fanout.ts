// `npm run bench:fanout`: Fan Out against n8n's own ways of calling many sub-workflows, in one run
// on one n8n, 1,000 branches at concurrency 16 (`--branches=N` for a quick check).
//   CPU-bound: the target waits 5-50 ms, so n8n's per-execution CPU is the limit. Compared: Fan Out
//     over HTTP and in-process, the HTTP Request node (batching 16), the Execute Workflow node per
//     item, and the raw limit (a keep-alive loop at c=16 against the same webhook). Peak RSS of n8n
//     (main + task runner) is sampled from /proc every 150 ms; a scenario passing the memory bound
//     (`--rss-limit-gb`; by default 12 GB, less when the machine has less free) is stopped and
//     recorded as such: its figures then cover only what finished before the stop.
//   I/O-bound: the sub-workflow calls a local server that answers in 200 ms. Compared: Fan Out
//     in-process (median of three runs), the Execute Workflow node per item, and the ideal
//     (branches x 200 ms / 16), twice: on n8n's defaults, and on production settings: n8n's data
//     in PostgreSQL (a database created and dropped here) and N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true.
//     On the defaults every n8n execution builds an expression sandbox (~35-40 ms of CPU) whether
//     or not it evaluates an expression, and saves itself through SQLite in n8n's main thread;
//     those two, not the caller, hold 1,000 children on 2 cores to about half the ideal. On
//     production settings each scenario's time per branch is also split by n8n's own records of
//     the children (see fanout/child-timings.ts). See docs/fan-out.md.
// The last stdout line is one JSON object of ratios. Everything stops by itself within 25 minutes.
import { readFileSync } from 'node:fs';

import { readBranchTimeBreakdown } from './fanout/child-timings';
import { countSuccessfulExecutions } from './fanout/executions-db';
import { keepAliveLoad, postJson, startSlowServer } from './fanout/http-load';
import { createN8nDatabase, type BenchN8nDatabase } from './fanout/n8n-database';
import { report } from './fanout/report';
import {
	CONCURRENCY,
	GB,
	IO_DELAY_MS,
	measure,
	medianRun,
	SCENARIO_TIMEOUT_MS,
	startBenchN8n,
	type Bench,
	type N8nSetup,
	type Scenario,
} from './fanout/scenario';
import { BENCH, CHILD_OF, type ParentName } from './fanout/workflows';

const WHOLE_RUN_LIMIT_MS = 25 * 60_000;

/**
 * Times Fan Out's I/O-bound scenario is measured per configuration; the median run is kept. One
 * run is short (15-35 s), and on these shared machines single runs minutes apart differ by about
 * 5%, as much as the target's margin. The Execute Workflow node's run (~220 s, nearly all of it
 * waiting on one child at a time) is measured once.
 */
const IO_FAN_OUT_RUNS = 3;

/**
 * With n8n's data in PostgreSQL (the database n8n recommends for production), the settings of an
 * n8n that runs many small sub-workflows: build the expression sandbox only for an execution that
 * evaluates an expression.
 */
const PRODUCTION_ENV = { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' };

/**
 * The memory bound: 12 GB (the HTTP Request node was measured peaking near 10 GB here), but never
 * closer than 6 GB to what the machine has free at the start, since others share it.
 */
function defaultRssLimitGb(): number {
	const available = /^MemAvailable:\s+(\d+) kB$/m.exec(readFileSync('/proc/meminfo', 'utf8'));
	const availableGb = available ? (Number(available[1]) * 1024) / GB : 12;
	return Math.max(2, Math.min(12, availableGb - 6));
}

function parseArgs(): { branches: number; rssLimitBytes: number } {
	const value = (name: string) =>
		process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
	const branches = Number(value('branches') ?? 1000);
	const rssLimitGb = Number(value('rss-limit-gb') ?? defaultRssLimitGb());
	if (!Number.isInteger(branches) || branches < CONCURRENCY) {
		throw new Error(`--branches must be a whole number of at least ${CONCURRENCY}`);
	}
	if (!(rssLimitGb > 0)) throw new Error('--rss-limit-gb must be a positive number');
	return { branches, rssLimitBytes: rssLimitGb * GB };
}

async function runParent(bench: Bench, name: ParentName, label: string): Promise<Scenario> {
	const childId = CHILD_OF[name];
	// Read from n8n's SQLite file; with n8n's data in PostgreSQL a stopped scenario counts nothing
	// (only the HTTP Request node, which runs on SQLite, has ever reached the memory bound).
	const count = () =>
		bench.setup.database
			? undefined
			: countSuccessfulExecutions(bench.n8n.address.userFolder, childId);
	const before = count() ?? 0;
	return measure(
		bench,
		label,
		() => (count() ?? before) - before,
		async () => {
			const url = `${bench.n8n.baseUrl}/webhook/${BENCH.parents[name].path}`;
			const answer = await postJson(url, { count: bench.branches }, SCENARIO_TIMEOUT_MS);
			const count = (answer.body as { count?: unknown } | undefined)?.count;
			if (answer.status !== 200 || count !== bench.branches) {
				throw new Error(
					`${label} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`,
				);
			}
			return count;
		},
	);
}

/** One unmeasured run of a parent with a few branches. */
async function warmUp(bench: Bench, name: ParentName): Promise<void> {
	const url = `${bench.n8n.baseUrl}/webhook/${BENCH.parents[name].path}`;
	const count = 2 * CONCURRENCY;
	const answer = await postJson(url, { count }, SCENARIO_TIMEOUT_MS);
	if (answer.status !== 200 || (answer.body as { count?: unknown } | undefined)?.count !== count) {
		throw new Error(`Warming up ${name} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
	}
}

async function runRaw(bench: Bench): Promise<Scenario> {
	const url = `${bench.n8n.baseUrl}/webhook/${BENCH.cpuTargetPath}`;
	await keepAliveLoad(url, 2 * CONCURRENCY, CONCURRENCY, SCENARIO_TIMEOUT_MS);
	return measure(
		bench,
		'raw: keep-alive loop, c=16',
		() => undefined,
		async () => {
			const ok = await keepAliveLoad(url, bench.branches, CONCURRENCY, SCENARIO_TIMEOUT_MS);
			if (ok !== bench.branches)
				throw new Error(`Only ${ok} of ${bench.branches} raw calls answered 2xx`);
			return ok;
		},
	);
}

async function cpuBound(bench: Bench): Promise<Record<string, Scenario>> {
	console.log(`CPU-bound, ${bench.branches} branches, concurrency ${CONCURRENCY}`);
	// The HTTP Request node goes last: it grows n8n's heap, which would inflate the others' peaks.
	return {
		raw: await runRaw(bench),
		fanOutHttp: await runParent(bench, 'fanOutHttp', 'Fan Out over HTTP'),
		fanOutInProcess: await runParent(bench, 'fanOutInProcess', 'Fan Out in-process'),
		executeWorkflow: await runParent(bench, 'executeWorkflow', 'Execute Workflow node per item'),
		httpRequest: await runParent(bench, 'httpRequest', 'HTTP Request node, batching 16'),
	};
}

/** The I/O-bound pair on one n8n; `suffix` tells the configurations apart in results and logs. */
async function ioBound(
	bench: Bench,
	suffix: '' | 'Production',
	setting: string,
): Promise<Record<string, Scenario>> {
	console.log(`I/O-bound (${IO_DELAY_MS} ms per call), ${bench.branches} branches, ${setting}`);
	// Each pair runs on a fresh n8n: without this its first scenario would also pay for compiling
	// n8n's code paths and filling its database's caches, which the second one finds done.
	for (const parent of ['ioFanOut', 'ioExecuteWorkflow'] as const) await warmUp(bench, parent);
	const label = `Fan Out in-process, I/O-bound, ${setting}`;
	const fanOutRuns: Scenario[] = [];
	for (let run = 1; run <= IO_FAN_OUT_RUNS; run++) {
		const scenario = await runParent(bench, 'ioFanOut', `${label}, run ${run}`);
		await addBreakdown(bench, scenario, CONCURRENCY);
		fanOutRuns.push(scenario);
	}
	const fanOut = medianRun(fanOutRuns, label);
	console.log(`  ${label}: median of ${IO_FAN_OUT_RUNS} runs ${fanOut.seconds.toFixed(1)} s`);
	const executeWorkflow = await runParent(
		bench,
		'ioExecuteWorkflow',
		`Execute Workflow node per item, I/O-bound, ${setting}`,
	);
	await addBreakdown(bench, executeWorkflow, 1);
	return { [`ioFanOut${suffix}`]: fanOut, [`ioExecuteWorkflow${suffix}`]: executeWorkflow };
}

/**
 * With n8n's data in PostgreSQL, splits the scenario's time per branch by n8n's own records of
 * the children, and logs it: this shows what the caller can and cannot shorten.
 */
async function addBreakdown(bench: Bench, scenario: Scenario, inFlight: number): Promise<void> {
	if (!bench.setup.database || scenario.stoppedAtRssBytes) return;
	const breakdown = await readBranchTimeBreakdown(bench.setup.database, BENCH.ioSubWorkflowId, {
		branches: scenario.branches,
		seconds: scenario.seconds,
		inFlight,
	});
	scenario.breakdown = breakdown;
	console.log(
		`    per branch (${inFlight} in flight): ${breakdown.slotMs} ms = child running ${breakdown.runMs} ms (its call ${IO_DELAY_MS} ms) + created to started ${breakdown.startDelayMs} ms + ${breakdown.outsideMs} ms before creating and after stopping the child (n8n and the caller)`,
	);
}

async function main(): Promise<void> {
	const { branches, rssLimitBytes } = parseArgs();
	const slow = await startSlowServer(IO_DELAY_MS);
	let bench: Bench | undefined;
	const abandon = (why: string) => {
		console.error(why);
		void Promise.allSettled([bench?.n8n.stop(), slow.close()]).then(() => process.exit(1));
	};
	const guard = setTimeout(
		() => abandon(`The benchmark passed ${WHOLE_RUN_LIMIT_MS / 60_000} minutes; stopping it.`),
		WHOLE_RUN_LIMIT_MS,
	);
	// Ctrl-C or a kill: stop n8n too, which runs in a process group of its own.
	process.once('SIGINT', () => abandon('Interrupted; stopping n8n.'));
	process.once('SIGTERM', () => abandon('Terminated; stopping n8n.'));

	const freshN8n = async (setup: N8nSetup = { env: {} }) => {
		await bench?.n8n.stop();
		const n8n = await startBenchN8n(slow, setup);
		bench = { n8n, stoppedOnBound: false, setup, slow, branches, rssLimitBytes };
		return bench;
	};
	let n8nDatabase: BenchN8nDatabase | undefined;
	try {
		const cpu = await cpuBound(await freshN8n());
		// A fresh n8n for each I/O-bound pair: the HTTP Request node leaves a large heap behind.
		const ioDefaults = await ioBound(await freshN8n(), '', "n8n's defaults");
		n8nDatabase = await createN8nDatabase();
		const ioProduction = await ioBound(
			await freshN8n({ env: PRODUCTION_ENV, database: n8nDatabase.connection }),
			'Production',
			'production settings (PostgreSQL, lazy sandbox)',
		);
		report(branches, { ...cpu, ...ioDefaults, ...ioProduction });
	} finally {
		clearTimeout(guard);
		await bench?.n8n.stop();
		await slow.close();
		await n8nDatabase?.drop();
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
	process.exit(1);
});
