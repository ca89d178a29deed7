import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	startFanOut,
	type BranchRunner,
	type CompensationReport,
	type FanOutOptions,
	type FanOutReport,
} from '../../lib/concurrency';
import type { InvocationResult } from '../shared/call-target';
import type { BranchPlan } from './build-branches';
import { fanOutOptionError } from './option-errors';
import { acknowledgementItems } from './shape-output';

/**
 * Fire and forget: starts the first window, returns acknowledgements at once, and lets the rest
 * run on under the same window, policy and compensation. Nothing of it can reject unhandled: the
 * machinery's completion never rejects, and what follows it is caught and logged.
 *
 * The execution finishes without waiting, so n8n's record of it shows only the acknowledgements;
 * the branches' outcomes go to n8n's log, and a restart of n8n loses the branches not yet run.
 * @throws NodeOperationError for unusable settings, before anything starts.
 */
export function startInBackground(
	context: IExecuteFunctions,
	plan: BranchPlan,
	runBranch: BranchRunner<InvocationResult>,
	options: FanOutOptions,
	compensate: (report: FanOutReport<InvocationResult>) => Promise<CompensationReport | undefined>,
): INodeExecutionData[][] {
	let started: readonly number[];
	let completion: Promise<FanOutReport<InvocationResult>>;
	try {
		({ started, completion } = startFanOut(plan.branches.length, runBranch, options));
	} catch (error) {
		throw fanOutOptionError(context, error);
	}

	const correlationId = plan.runCorrelationId;
	context.logger.info('FanOut: started in the background', {
		correlationId,
		branches: plan.branches.length,
		started: started.length,
	});
	completion
		.then(async (report) => {
			const compensation = await compensate(report);
			const meta = {
				correlationId,
				...report.counts,
				endCause: report.endCause,
				elapsedMs: report.elapsedMs,
				...(compensation ? { compensation: compensation.counts } : {}),
			};
			if (report.failed) {
				context.logger.warn('FanOut: background run failed', {
					...meta,
					reason: report.failureReason,
				});
			} else {
				context.logger.info('FanOut: background run finished', meta);
			}
		})
		.catch((error: unknown) =>
			context.logger.error('FanOut: background run could not be reported', {
				correlationId,
				error: error instanceof Error ? error.message : String(error),
			}),
		);

	return acknowledgementItems(plan, started);
}
