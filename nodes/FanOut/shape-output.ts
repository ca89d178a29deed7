import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import {
	BranchCancelledError,
	BranchTimeoutError,
	type BranchResult,
	type CompensationOutcome,
	type CompensationReport,
	type FanOutReport,
} from '../../lib/concurrency';
import { callFailureDetails, type InvocationResult } from '../shared/call-target';
import type { Branch, BranchPlan } from './build-branches';
import type { AttemptCounts } from './run-branches';

/** How a branch ended, as its item's `outcome` says. */
export type BranchOutcome =
	'succeeded' | 'failed' | 'timedOut' | 'cancelled' | 'skipped' | 'invalid';

/** Everything the outputs are built from. */
export interface RunRecord {
	plan: BranchPlan;
	report: FanOutReport<InvocationResult>;
	attemptCounts: AttemptCounts;
	compensation?: CompensationReport;
}

/**
 * The two outputs: Success (succeeded branches, then the summary item when asked for) and
 * Failure (every other branch with its outcome and error), each in input order.
 */
export function shapeOutputs(record: RunRecord, includeSummary: boolean): INodeExecutionData[][] {
	const compensationByIndex = new Map<number, CompensationOutcome>(
		record.compensation?.outcomes.map((outcome) => [outcome.index, outcome]) ?? [],
	);
	const success: INodeExecutionData[] = [];
	const failure: INodeExecutionData[] = [];

	for (const result of record.report.results) {
		const branch = record.plan.branches[result.index];
		const pairedItem = { item: branch.itemIndex };
		if (result.status === 'succeeded') {
			const json = successJson(branch, result.value, result.durationMs);
			const compensation = compensationByIndex.get(result.index);
			if (compensation) json.compensation = compensationJson(compensation);
			success.push({ json, pairedItem });
		} else {
			failure.push({ json: failureJson(branch, result, record.attemptCounts), pairedItem });
		}
	}

	if (includeSummary) success.push(summaryItem(record));
	return [success, failure];
}

/** One acknowledgement per branch for fire and forget: what was started and what is queued. */
export function acknowledgementItems(
	plan: BranchPlan,
	startedIndexes: readonly number[],
): INodeExecutionData[][] {
	const started = new Set(startedIndexes);
	const items = plan.branches.map((branch) => ({
		json: {
			index: branch.index,
			outcome: started.has(branch.index) ? 'started' : 'queued',
			correlationId: branch.correlationId,
			idempotencyKey: branch.idempotencyKey,
		},
		pairedItem: { item: branch.itemIndex },
	}));
	return [items, []];
}

function successJson(branch: Branch, value: InvocationResult, durationMs: number): IDataObject {
	return {
		index: branch.index,
		outcome: 'succeeded' satisfies BranchOutcome,
		response: value.body,
		correlationId: branch.correlationId,
		idempotencyKey: branch.idempotencyKey,
		attempts: value.attempts,
		durationMs,
		...(value.status === undefined ? {} : { status: value.status }),
		...(value.childExecutionId === undefined ? {} : { childExecutionId: value.childExecutionId }),
	};
}

function failureJson(
	branch: Branch,
	result: Exclude<BranchResult<InvocationResult>, { status: 'succeeded' }>,
	attemptCounts: AttemptCounts,
): IDataObject {
	const base = {
		index: branch.index,
		correlationId: branch.correlationId,
		idempotencyKey: branch.idempotencyKey,
	};
	if (result.status === 'skipped') {
		return {
			...base,
			outcome: 'skipped' satisfies BranchOutcome,
			error: { message: `Branch ${branch.index} was not started: the run had already ended` },
			attempts: 0,
			durationMs: 0,
		};
	}

	const outcome = outcomeOf(branch, result);
	const error = errorJson(result.error);
	// A branch cut short never hands back its count; the attempt in flight counts as one.
	const attempts =
		typeof error.attempts === 'number'
			? error.attempts
			: outcome === 'invalid'
				? 0
				: (attemptCounts[branch.index] ?? 0) + 1;
	return { ...base, outcome, error, attempts, durationMs: result.durationMs };
}

function outcomeOf(
	branch: Branch,
	result: Exclude<BranchResult<InvocationResult>, { status: 'succeeded' | 'skipped' }>,
): BranchOutcome {
	if (branch.invalid) return 'invalid';
	if (result.status === 'cancelled') return 'cancelled';
	return result.error instanceof BranchTimeoutError ? 'timedOut' : 'failed';
}

function errorJson(error: unknown): IDataObject {
	if (error instanceof BranchTimeoutError) {
		return { message: error.message, reason: 'branchTimeout', timeoutMs: error.timeoutMs };
	}
	if (error instanceof BranchCancelledError) {
		return { message: error.message, reason: error.endCause };
	}
	const details = callFailureDetails(error);
	const description = (error as { description?: unknown } | undefined)?.description;
	return typeof description === 'string' && description ? { ...details, description } : details;
}

function compensationJson(outcome: CompensationOutcome): IDataObject {
	if (outcome.status === 'skipped') return { status: 'skipped' };
	if (outcome.status === 'compensated') {
		return { status: 'compensated', durationMs: outcome.durationMs };
	}
	return {
		status: 'failed',
		durationMs: outcome.durationMs,
		error: callFailureDetails(outcome.error),
	};
}

function summaryItem(record: RunRecord): INodeExecutionData {
	const { report, plan, compensation } = record;
	const itemIndexes = [...new Set(plan.branches.map((branch) => branch.itemIndex))];
	return {
		json: {
			summary: true,
			correlationId: plan.runCorrelationId,
			total: report.results.length,
			...report.counts,
			runFailed: report.failed,
			...(report.failureReason === undefined ? {} : { failureReason: report.failureReason }),
			endCause: report.endCause,
			elapsedMs: report.elapsedMs,
			...(report.durationPercentiles
				? {
						p50DurationMs: report.durationPercentiles.p50,
						p95DurationMs: report.durationPercentiles.p95,
					}
				: {}),
			...(compensation ? { compensation: { ...compensation.counts } } : {}),
		},
		pairedItem: itemIndexes.map((item) => ({ item })),
	};
}
