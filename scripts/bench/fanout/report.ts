// The end of a bench:fanout run: the seven target ratios (and the I/O-bound pair on n8n's
// defaults), printed after the raw figures. The last stdout line is the ratios' JSON object.
import { CONCURRENCY, IO_DELAY_MS, type Scenario } from './scenario';

/** Above this share of stolen CPU a scenario measured the host's neighbours as much as n8n. */
const CONTENDED_STEAL_SHARE = 0.05;

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

export function report(branches: number, results: Record<string, Scenario>): void {
	const stopped = Object.values(results).filter((scenario) => scenario.stoppedAtRssBytes);
	for (const scenario of stopped) {
		console.log(
			`Note: "${scenario.label}" was stopped on the memory bound; ratios against it use its partial figures.`,
		);
	}
	for (const scenario of Object.values(results)) {
		if (scenario.hostSteal <= CONTENDED_STEAL_SHARE) continue;
		console.log(
			`Note: the host was contended during "${scenario.label}" (${(scenario.hostSteal * 100).toFixed(1)}% of its CPU time went to other guests); ratios involving it measure the host as much as the nodes.`,
		);
	}
	const idealSeconds = (branches * IO_DELAY_MS) / 1000 / CONCURRENCY;
	console.log(
		`I/O-bound ideal ${idealSeconds.toFixed(1)} s; Fan Out reaches ${(idealSeconds / results.ioFanOut.seconds).toFixed(2)} of it on n8n's defaults, ${(idealSeconds / results.ioFanOutProduction.seconds).toFixed(2)} on production settings`,
	);
	console.log(JSON.stringify({ branches, concurrency: CONCURRENCY, results }));
	console.log(JSON.stringify(ratios(results, branches)));
}
