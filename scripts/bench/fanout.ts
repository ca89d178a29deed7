// `npm run bench:fanout`: Fan Out against n8n's own ways of calling many sub-workflows, in one run
// on one n8n, 1,000 branches at concurrency 16 (`--branches=N` for a quick check).
//   CPU-bound: the target waits 5-50 ms, so n8n's per-execution CPU is the limit. Compared: Fan Out
//     over HTTP and in-process, the HTTP Request node (batching 16), the Execute Workflow node per
//     item, and the raw limit (a keep-alive loop at c=16 against the same webhook). Peak RSS of n8n
//     (main + task runner) is sampled from /proc every 150 ms; a scenario passing the memory bound
//     (`--rss-limit-gb`; by default 12 GB, less when the machine has less free) is stopped and
//     recorded as such: its figures then cover only what finished before the stop.
//   I/O-bound: the sub-workflow calls a local server that answers in 200 ms. Compared: Fan Out
//     in-process, the Execute Workflow node per item, and the ideal (branches x 200 ms / 16), twice:
//     on n8n's defaults, and on production settings: n8n's data in PostgreSQL (a database created
//     and dropped here) and N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true. On the defaults every n8n
//     execution builds an expression sandbox (~35-40 ms of CPU) whether or not it evaluates an
//     expression, and saves itself through SQLite in n8n's main thread; those two, not the caller,
//     hold 1,000 children on 2 cores to about half the ideal. On production settings each
//     scenario's time per branch is also split by n8n's own records of the children (see
//     fanout/child-timings.ts). See docs/fan-out.md.
// The last stdout line is one JSON object of ratios. Everything stops by itself within 20 minutes.
import { readFileSync } from 'node:fs';

import { startN8n, type N8nInstance, type N8nPostgresDatabase } from '../../tools/n8n-host';
import { readBranchTimeBreakdown, type BranchTimeBreakdown } from './fanout/child-timings';
import { countSuccessfulExecutions } from './fanout/executions-db';
import { keepAliveLoad, postJson, startSlowServer, type SlowServer } from './fanout/http-load';
import { createN8nDatabase, type BenchN8nDatabase } from './fanout/n8n-database';
import { sampleRss, treeCpuSeconds } from './fanout/rss-sampler';
import { BENCH, benchWorkflows, CHILD_OF, type ParentName } from './fanout/workflows';

const CONCURRENCY = 16;
const IO_DELAY_MS = 200;
const SAMPLE_INTERVAL_MS = 150;
const WHOLE_RUN_LIMIT_MS = 20 * 60_000;
const SCENARIO_TIMEOUT_MS = 8 * 60_000;
const GB = 1024 ** 3;

/**
 * With n8n's data in PostgreSQL (the database n8n recommends for production), the settings of an
 * n8n that runs many small sub-workflows: build the expression sandbox only for an execution that
 * evaluates an expression.
 */
const PRODUCTION_ENV = { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' };

interface Scenario {
	label: string;
	branches: number;
	seconds: number;
	perSecond: number;
	peakRssBytes: number;
	/**
	 * n8n's CPU time (main + task runner) per branch, in ms. Unlike throughput it barely moves when
	 * other work shares the machine, so it is the fairer comparison on a busy host.
	 */
	n8nCpuMsPerBranch: number;
	/** Set when the scenario was stopped on the memory bound; the figures are up to that point. */
	stoppedAtRssBytes?: number;
	/** I/O-bound scenarios with n8n's data in PostgreSQL: where a branch's time went. */
	breakdown?: BranchTimeBreakdown;
}

/** How a benchmark n8n is configured: extra environment, and where n8n keeps its own data. */
interface N8nSetup {
	env: Record<string, string>;
	/** Without it, n8n's SQLite file in the user folder. */
	database?: N8nPostgresDatabase;
}

interface Bench {
	/** Replaced when a scenario stopped it on the memory bound: the next one gets a fresh n8n. */
	n8n: N8nInstance;
	stoppedOnBound: boolean;
	setup: N8nSetup;
	slow: SlowServer;
	branches: number;
	rssLimitBytes: number;
}

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

async function startBenchN8n(slow: SlowServer, setup: N8nSetup): Promise<N8nInstance> {
	const n8n = await startN8n({
		log: (line) => console.log(`[n8n-host] ${line}`),
		env: setup.env,
		database: setup.database,
	});
	try {
		await n8n.importWorkflowDefinitions(benchWorkflows(n8n.baseUrl, slow.url));
		for (const webhookPath of [
			BENCH.cpuTargetPath,
			...Object.values(BENCH.parents).map((p) => p.path),
		]) {
			await n8n.waitForWebhook(webhookPath);
		}
		return n8n;
	} catch (error) {
		await n8n.stop();
		throw error;
	}
}

/** Runs `work` while sampling n8n's memory; stops n8n if it passes the bound. */
async function measure(
	bench: Bench,
	label: string,
	countOnStop: () => number | undefined,
	work: () => Promise<number>,
): Promise<Scenario> {
	if (bench.stoppedOnBound) {
		bench.n8n = await startBenchN8n(bench.slow, bench.setup);
		bench.stoppedOnBound = false;
	}
	const pid = bench.n8n.pid;
	if (pid === undefined) throw new Error('n8n has no process id');
	let stopped: { atBytes: number; completed: number | undefined } | undefined;
	const started = performance.now();
	const cpuBefore = treeCpuSeconds(pid);
	const sampling = sampleRss(pid, SAMPLE_INTERVAL_MS, bench.rssLimitBytes, (bytes) => {
		stopped = { atBytes: bytes, completed: countOnStop() };
		bench.stoppedOnBound = true;
		console.log(`  ${label}: n8n passed ${(bytes / GB).toFixed(1)} GB, stopping this scenario`);
		void bench.n8n.stop();
	});

	let completed: number;
	try {
		completed = await work();
	} catch (error) {
		if (!stopped) throw error;
		completed = stopped.completed ?? 0;
	}
	const seconds = (performance.now() - started) / 1000;
	const cpuSeconds = stopped ? Number.NaN : treeCpuSeconds(pid) - cpuBefore;
	const peakRssBytes = sampling.stop();
	const scenario: Scenario = {
		label,
		branches: completed,
		seconds,
		perSecond: completed / seconds,
		peakRssBytes,
		n8nCpuMsPerBranch: Math.round((cpuSeconds * 1000 * 10) / completed) / 10,
		...(stopped ? { stoppedAtRssBytes: stopped.atBytes } : {}),
	};
	console.log(
		`  ${label}: ${completed} in ${seconds.toFixed(1)} s = ${scenario.perSecond.toFixed(1)}/s, peak RSS ${(peakRssBytes / GB).toFixed(2)} GB, n8n CPU ${scenario.n8nCpuMsPerBranch} ms/branch${stopped ? ' (stopped on the memory bound)' : ''}`,
	);
	return scenario;
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
	const fanOut = await runParent(bench, 'ioFanOut', `Fan Out in-process, I/O-bound, ${setting}`);
	await addBreakdown(bench, fanOut, CONCURRENCY);
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

/**
 * The seven target ratios, then the I/O-bound pair once more on n8n's defaults. The I/O-bound
 * targets are read on production settings: on the defaults each child costs n8n ~40 ms of CPU
 * for a sandbox it never uses, plus its SQLite bookkeeping, which caps any caller near half the
 * ideal on this machine.
 */
function ratios(results: Record<string, Scenario>, branches: number): Record<string, number> {
	const r = (value: number) => Math.round(value * 1000) / 1000;
	const idealSeconds = (branches * IO_DELAY_MS) / 1000 / CONCURRENCY;
	return {
		vsRaw: r(results.fanOutHttp.perSecond / results.raw.perSecond),
		vsHttpRequest: r(results.fanOutHttp.perSecond / results.httpRequest.perSecond),
		vsExecuteWorkflow: r(results.fanOutInProcess.perSecond / results.executeWorkflow.perSecond),
		peakRssVsHttpRequest: r(results.fanOutHttp.peakRssBytes / results.httpRequest.peakRssBytes),
		ioBoundVsExecuteWorkflow: r(
			results.ioExecuteWorkflowProduction.seconds / results.ioFanOutProduction.seconds,
		),
		ioBoundVsIdeal: r(idealSeconds / results.ioFanOutProduction.seconds),
		inProcessVsHttp: r(results.fanOutInProcess.perSecond / results.fanOutHttp.perSecond),
		ioBoundVsExecuteWorkflowDefaults: r(
			results.ioExecuteWorkflow.seconds / results.ioFanOut.seconds,
		),
		ioBoundVsIdealDefaults: r(idealSeconds / results.ioFanOut.seconds),
	};
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

function report(branches: number, results: Record<string, Scenario>): void {
	const stopped = Object.values(results).filter((scenario) => scenario.stoppedAtRssBytes);
	for (const scenario of stopped) {
		console.log(
			`Note: "${scenario.label}" was stopped on the memory bound; ratios against it use its partial figures.`,
		);
	}
	const idealSeconds = (branches * IO_DELAY_MS) / 1000 / CONCURRENCY;
	console.log(
		`I/O-bound ideal ${idealSeconds.toFixed(1)} s; Fan Out reaches ${(idealSeconds / results.ioFanOut.seconds).toFixed(2)} of it on n8n's defaults, ${(idealSeconds / results.ioFanOutProduction.seconds).toFixed(2)} on production settings`,
	);
	console.log(JSON.stringify({ branches, concurrency: CONCURRENCY, results }));
	console.log(JSON.stringify(ratios(results, branches)));
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
	process.exit(1);
});
