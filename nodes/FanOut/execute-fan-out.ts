import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runFanOut, type FanOutReport } from '../../lib/concurrency';
import { readSigning, type InvocationResult } from '../shared/call-target';
import { buildBranches } from './build-branches';
import { compensateSucceeded, resolveCompensationTarget } from './compensate';
import { fanOutOptionError } from './option-errors';
import { readFanOutSettings } from './read-settings';
import {
	branchRunner,
	defaultDependencies,
	fanOutOptions,
	type AttemptCounts,
	type FanOutDependencies,
} from './run-branches';
import { startInBackground } from './start-in-background';
import { shapeOutputs, type RunRecord } from './shape-output';

/**
 * Runs one fan-out: reads the settings, prepares every branch (so bad input fails before any
 * call), runs them through the shared call path in a sliding window, compensates when the run
 * failed, and returns the Success and Failure outputs.
 * @throws NodeOperationError for unusable settings, and, without Continue On Fail, when the run
 *   fails by its completion mode, failure policy, deadline or cancellation (after compensation).
 */
export async function executeFanOut(
	context: IExecuteFunctions,
	dependencies: FanOutDependencies = defaultDependencies,
): Promise<INodeExecutionData[][]> {
	const settings = readFanOutSettings(context);
	const signing = await readSigning(context);
	const plan = buildBranches(context, settings.listField, signing);
	const compensationTarget = resolveCompensationTarget(context, settings.compensation, signing);
	const attemptCounts: AttemptCounts = [];
	const runBranch = branchRunner(context, plan, signing, dependencies, attemptCounts);
	const options = fanOutOptions(context, settings, plan);

	const compensate = async (report: FanOutReport<InvocationResult>) =>
		report.failed && compensationTarget
			? await compensateSucceeded(context, plan, report, compensationTarget, {
					settings: settings.compensation,
					signing,
					dependencies,
				})
			: undefined;

	if (settings.fireAndForget) {
		return startInBackground(context, plan, runBranch, options, compensate);
	}

	let report: FanOutReport<InvocationResult>;
	try {
		report = await runFanOut(plan.branches.length, runBranch, options);
	} catch (error) {
		throw fanOutOptionError(context, error);
	}
	const record: RunRecord = { plan, report, attemptCounts, compensation: await compensate(report) };

	logOutcome(context, record);
	if (report.failed && !context.continueOnFail()) throw runFailedError(context, record);
	return shapeOutputs(record, settings.includeSummary);
}

function logOutcome(context: IExecuteFunctions, { plan, report, compensation }: RunRecord): void {
	const meta = {
		correlationId: plan.runCorrelationId,
		...report.counts,
		endCause: report.endCause,
		elapsedMs: report.elapsedMs,
		...(compensation ? { compensation: compensation.counts } : {}),
	};
	if (report.failed)
		context.logger.warn('FanOut: run failed', { ...meta, reason: report.failureReason });
	else context.logger.info('FanOut: run finished', meta);
}

function runFailedError(context: IExecuteFunctions, { report, compensation }: RunRecord) {
	const { succeeded, failed, cancelled, skipped } = report.counts;
	const counts = `${succeeded} succeeded, ${failed} failed, ${cancelled} cancelled, ${skipped} not started`;
	const undone = compensation
		? ` Compensation: ${compensation.counts.compensated} compensated, ${compensation.counts.failed} failed, ${compensation.counts.skipped} skipped.`
		: '';
	return new NodeOperationError(
		context.getNode(),
		report.failureReason ?? `The fan-out ended early (${report.endCause})`,
		{
			description: `Branches: ${counts}.${undone} Turn on Continue On Fail (or use the error output) to get every branch on the Success and Failure outputs instead.`,
		},
	);
}
