// One measured scenario of bench:fanout: the figures it records, the n8n it runs on, and the
// measurement itself (time, n8n's CPU, n8n's peak memory with a bound that stops the scenario).
import { startN8n, type N8nInstance, type N8nPostgresDatabase } from '../../../tools/n8n-host';
import type { BranchTimeBreakdown } from './child-timings';
import { readCpuTicks, stealShare } from './host-steal';
import type { SlowServer } from './http-load';
import { sampleRss, treeCpuSeconds } from './rss-sampler';
import { BENCH, benchWorkflows } from './workflows';

/** Branches in flight for every caller that has a window. */
export const CONCURRENCY = 16;
/** How long the I/O-bound sub-workflow's outside call takes. */
export const IO_DELAY_MS = 200;
/** Longest one scenario may take before the benchmark gives up on it. */
export const SCENARIO_TIMEOUT_MS = 8 * 60_000;
export const GB = 1024 ** 3;
const SAMPLE_INTERVAL_MS = 150;

export interface Scenario {
	label: string;
	branches: number;
	seconds: number;
	perSecond: number;
	peakRssBytes: number;
	/**
	 * n8n's CPU time (main + task runner) per branch, in ms. Unlike throughput it barely moves when
	 * other processes share the machine, so it is the fairer comparison on a busy machine; a
	 * contended host (other guests of the hypervisor, see `hostSteal`) raises it too.
	 */
	n8nCpuMsPerBranch: number;
	/** Set when the scenario was stopped on the memory bound; the figures are up to that point. */
	stoppedAtRssBytes?: number;
	/** Share of the machine's CPU time the hypervisor gave to other guests meanwhile (0-1). */
	hostSteal: number;
	/** I/O-bound scenarios with n8n's data in PostgreSQL: where a branch's time went. */
	breakdown?: BranchTimeBreakdown;
	/**
	 * Set when the scenario was measured more than once: the time of every run, in order. The
	 * other figures are those of the median run.
	 */
	runsSeconds?: number[];
}

/**
 * The run of median time among repeated runs of one scenario (an odd number of them), carrying
 * every run's time. A median, not the best run: it drops one outlier on either side.
 */
export function medianRun(runs: Scenario[], label: string): Scenario {
	if (runs.length % 2 === 0) throw new Error('medianRun needs an odd number of runs');
	const median = [...runs].sort((a, b) => a.seconds - b.seconds)[(runs.length - 1) / 2];
	return { ...median, label, runsSeconds: runs.map((run) => run.seconds) };
}

/** How a benchmark n8n is configured: extra environment, and where n8n keeps its own data. */
export interface N8nSetup {
	env: Record<string, string>;
	/** Without it, n8n's SQLite file in the user folder. */
	database?: N8nPostgresDatabase;
}

/** The benchmark's running state: the n8n under test and what every scenario needs. */
export interface Bench {
	/** Replaced when a scenario stopped it on the memory bound: the next one gets a fresh n8n. */
	n8n: N8nInstance;
	stoppedOnBound: boolean;
	setup: N8nSetup;
	slow: SlowServer;
	branches: number;
	rssLimitBytes: number;
}

/** Starts an n8n with the package, imports the benchmark's workflows and waits for their webhooks. */
export async function startBenchN8n(slow: SlowServer, setup: N8nSetup): Promise<N8nInstance> {
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
export async function measure(
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
	const machineBefore = readCpuTicks();
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
		hostSteal: Math.round(stealShare(machineBefore, readCpuTicks()) * 1000) / 1000,
		...(stopped ? { stoppedAtRssBytes: stopped.atBytes } : {}),
	};
	console.log(
		`  ${label}: ${completed} in ${seconds.toFixed(1)} s = ${scenario.perSecond.toFixed(1)}/s, peak RSS ${(peakRssBytes / GB).toFixed(2)} GB, n8n CPU ${scenario.n8nCpuMsPerBranch} ms/branch, host steal ${(scenario.hostSteal * 100).toFixed(1)}%${stopped ? ' (stopped on the memory bound)' : ''}`,
	);
	return scenario;
}
