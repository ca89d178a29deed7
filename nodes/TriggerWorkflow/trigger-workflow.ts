import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { AttemptInfo } from '../../lib/call';
import {
	callErrorToNodeError,
	invokeTarget,
	readSigning,
	type ResolvedTarget,
	type Signing,
	describeTarget,
} from '../shared/call-target';
import type { CallIdentity } from './call-identity';
import { errorItem, successItem } from './output-items';
import { PayloadSender } from './payload-by-reference';
import { prepareCall, type CallPlan, type PreparedCall, type UnusableCall } from './prepare-call';
import { buildAllItemsBody, buildItemBody } from './request-body';
import type { ItemMode } from './trigger-workflow-properties';

/** What stays the same for every call of one node run. */
interface RunContext {
	context: IExecuteFunctions;
	signing: Signing | undefined;
	payloads: PayloadSender;
	signal: AbortSignal | undefined;
}

/**
 * Runs Trigger Workflow: one call per input item, one after the other, or one call with every
 * item. Every call is prepared first; then each is sent. A failed call either stops the node (with
 * the item index) or, with Continue On Fail, becomes an error item paired to its input.
 */
export async function triggerWorkflow(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const run: RunContext = {
		context,
		signing: await readSigning(context),
		payloads: new PayloadSender(context),
		signal: context.getExecutionCancelSignal(),
	};

	const prepared = callPlans(context).map((plan) => {
		const outcome = prepareCall(context, plan, run.signing, run.signal);
		// Without Continue On Fail, a bad parameter stops the node before any call is sent.
		if ('unusable' in outcome && !context.continueOnFail()) throw failure(run, outcome.unusable);
		return outcome;
	});

	const output: INodeExecutionData[] = [];
	for (const outcome of prepared) {
		output.push(
			'call' in outcome
				? await sendOrErrorItem(run, outcome.call)
				: failedItem(run, outcome.unusable),
		);
	}
	return [output];
}

function callPlans(context: IExecuteFunctions): CallPlan[] {
	const items = context.getInputData();
	const itemMode = context.getNodeParameter('itemMode', 0, 'eachItem') as ItemMode;
	if (itemMode === 'allItems') {
		if (items.length === 0) return [];
		return [
			{
				itemIndex: 0,
				item: items[0],
				pairedItem: items.map((_, index) => ({ item: index })),
				allItems: true,
				buildBody: () => buildAllItemsBody(context, items),
			},
		];
	}
	return items.map((item, itemIndex) => ({
		itemIndex,
		item,
		pairedItem: { item: itemIndex },
		allItems: false,
		buildBody: () => buildItemBody(context, itemIndex, item),
	}));
}

async function sendOrErrorItem(run: RunContext, call: PreparedCall): Promise<INodeExecutionData> {
	try {
		return await send(run, call);
	} catch (error) {
		const unusable = { plan: call.plan, error, identity: call.identity };
		if (!run.context.continueOnFail()) throw failure(run, unusable);
		return failedItem(run, unusable);
	}
}

async function send(run: RunContext, call: PreparedCall): Promise<INodeExecutionData> {
	const { context } = run;
	const { plan, target, identity } = call;
	// In-process runs hand the body over in memory: no size limit to work around.
	const outgoing =
		target.kind === 'http'
			? await run.payloads.prepare(call.body, identity.idempotencyKey, plan.itemIndex, call.options)
			: { body: call.body };
	const logMeta = {
		correlationId: identity.correlationId,
		idempotencyKey: identity.idempotencyKey,
		target: targetForLogs(target),
		itemIndex: plan.itemIndex,
	};
	context.logger.debug('TriggerWorkflow: calling', {
		...logMeta,
		waitForResult: call.waitForResult,
		byReference: outgoing.reference !== undefined,
	});

	const result = await invokeTarget(
		context,
		{
			target,
			body: outgoing.body,
			correlationId: identity.correlationId,
			idempotencyKey: identity.idempotencyKey,
			signingSecret: run.signing?.secret,
			waitForResult: call.waitForResult,
		},
		{
			...call.callOptions,
			onAttempt: (attempt: AttemptInfo) =>
				context.logger.debug('TriggerWorkflow: attempt ended', { ...logMeta, ...attempt }),
		},
	);

	context.logger.debug('TriggerWorkflow: call succeeded', {
		...logMeta,
		attempts: result.attempts,
		durationMs: result.durationMs,
		status: result.status,
		childExecutionId: result.childExecutionId,
	});
	return successItem({
		result,
		identity,
		target,
		pairedItem: plan.pairedItem,
		includeResponseMeta: call.options.includeResponseMeta === true,
		reference: outgoing.reference,
	});
}

/** Logs a failed call and returns the n8n error that reports it. */
function failure(run: RunContext, unusable: UnusableCall) {
	const { context } = run;
	const nodeError = callErrorToNodeError(
		context.getNode(),
		unusable.error,
		unusable.plan.itemIndex,
	);
	context.logger.warn('TriggerWorkflow: call failed', {
		correlationId: unusable.identity.correlationId ?? correlationOfItem(unusable.plan.item),
		idempotencyKey: unusable.identity.idempotencyKey,
		itemIndex: unusable.plan.itemIndex,
		error: nodeError.message,
	});
	return nodeError;
}

/** The error item of a failed call, for Continue On Fail. */
function failedItem(run: RunContext, unusable: UnusableCall): INodeExecutionData {
	const nodeError = failure(run, unusable);
	const routing =
		run.context.getNode().onError === 'continueErrorOutput' ? 'errorOutput' : 'regularOutput';
	return errorItem(
		nodeError,
		unusable.error,
		withItemCorrelation(unusable.identity, unusable.plan.item),
		unusable.plan.pairedItem,
		routing,
	);
}

// A URL's query string can carry a token; origin and path say enough in a log line.
function targetForLogs(target: ResolvedTarget): string {
	if (target.kind === 'workflow') return describeTarget(target);
	const url = new URL(target.url);
	return url.origin + url.pathname;
}

function correlationOfItem(item: INodeExecutionData): string | undefined {
	const value = item.json.correlationId;
	return typeof value === 'string' ? value : undefined;
}

/** A call that failed before its identity was known still reports the trace it belonged to. */
function withItemCorrelation(
	identity: Partial<CallIdentity>,
	item: INodeExecutionData,
): Partial<CallIdentity> {
	const known = Object.fromEntries(
		Object.entries(identity).filter(([, value]) => value !== undefined),
	) as Partial<CallIdentity>;
	return { correlationId: correlationOfItem(item), ...known };
}
