import type { IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AttemptInfo, CallOptions, JsonValue } from '../../lib/call';
import {
	callErrorToNodeError,
	invokeTarget,
	readCallOptions,
	readSigning,
	resolveTarget,
	type ResolvedTarget,
	type Signing,
} from '../shared/call-target';
import { describeTarget, resolveCallIdentity, type CallIdentity } from './call-identity';
import { errorItem, successItem } from './output-items';
import { PayloadSender } from './payload-by-reference';
import { buildAllItemsBody, buildItemBody } from './request-body';
import type { CallMode, ItemMode, TriggerWorkflowOptions } from './trigger-workflow-properties';

/** What one call is made for: an input item, or every input item at once. */
interface CallPlan {
	itemIndex: number;
	item: INodeExecutionData;
	pairedItem: IPairedItemData | IPairedItemData[];
	allItems: boolean;
	buildBody: () => JsonValue;
}

/** What stays the same for every call of one node run. */
interface RunContext {
	context: IExecuteFunctions;
	signing: Signing | undefined;
	payloads: PayloadSender;
	signal: AbortSignal | undefined;
}

/**
 * Runs Trigger Workflow: one call per input item, one after the other, or one call with every
 * item. Each failed call either stops the node (with the item index) or, with Continue On Fail,
 * becomes an error item paired to its input.
 */
export async function triggerWorkflow(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const run: RunContext = {
		context,
		signing: await readSigning(context),
		payloads: new PayloadSender(context),
		signal: context.getExecutionCancelSignal(),
	};

	const itemMode = context.getNodeParameter('itemMode', 0, 'eachItem') as ItemMode;
	if (itemMode === 'allItems') {
		if (items.length === 0) return [[]];
		const plan: CallPlan = {
			itemIndex: 0,
			item: items[0],
			pairedItem: items.map((_, index) => ({ item: index })),
			allItems: true,
			buildBody: () => buildAllItemsBody(context, items),
		};
		return [[await callOrErrorItem(run, plan)]];
	}

	const output: INodeExecutionData[] = [];
	for (const [itemIndex, item] of items.entries()) {
		const plan: CallPlan = {
			itemIndex,
			item,
			pairedItem: { item: itemIndex },
			allItems: false,
			buildBody: () => buildItemBody(context, itemIndex, item),
		};
		output.push(await callOrErrorItem(run, plan));
	}
	return [output];
}

async function callOrErrorItem(run: RunContext, plan: CallPlan): Promise<INodeExecutionData> {
	const { context } = run;
	let identity: Partial<CallIdentity> = {};
	try {
		const target = resolveTarget(context, plan.itemIndex, run.signing?.baseUrl);
		const options = context.getNodeParameter(
			'options',
			plan.itemIndex,
			{},
		) as TriggerWorkflowOptions;
		identity = resolveCallIdentity(context, { ...plan, target, options });
		return await makeCall(run, plan, target, options, identity as CallIdentity);
	} catch (error) {
		const nodeError = callErrorToNodeError(context.getNode(), error, plan.itemIndex);
		context.logger.warn('TriggerWorkflow: call failed', {
			correlationId: identity.correlationId ?? correlationOfItem(plan.item),
			idempotencyKey: identity.idempotencyKey,
			itemIndex: plan.itemIndex,
			error: nodeError.message,
		});
		if (!context.continueOnFail()) throw nodeError;
		const routing =
			context.getNode().onError === 'continueErrorOutput' ? 'errorOutput' : 'regularOutput';
		return errorItem(
			nodeError,
			error,
			withItemCorrelation(identity, plan.item),
			plan.pairedItem,
			routing,
		);
	}
}

async function makeCall(
	run: RunContext,
	plan: CallPlan,
	target: ResolvedTarget,
	options: TriggerWorkflowOptions,
	identity: CallIdentity,
): Promise<INodeExecutionData> {
	const { context } = run;
	const waitForResult = readMode(context, plan.itemIndex) === 'wait';
	const body = plan.buildBody();
	// In-process runs hand the body over in memory: no size limit to work around.
	const outgoing =
		target.kind === 'http'
			? await run.payloads.prepare(body, identity.idempotencyKey, plan.itemIndex, options)
			: { body };
	const logMeta = {
		correlationId: identity.correlationId,
		idempotencyKey: identity.idempotencyKey,
		target: targetForLogs(target),
		itemIndex: plan.itemIndex,
	};
	context.logger.debug('TriggerWorkflow: calling', {
		...logMeta,
		waitForResult,
		byReference: outgoing.reference !== undefined,
	});

	const callOptions: CallOptions = {
		...readCallOptions(context, plan.itemIndex, run.signal),
		onAttempt: (attempt: AttemptInfo) =>
			context.logger.debug('TriggerWorkflow: attempt ended', { ...logMeta, ...attempt }),
	};
	const result = await invokeTarget(
		context,
		{
			target,
			body: outgoing.body,
			correlationId: identity.correlationId,
			idempotencyKey: identity.idempotencyKey,
			signingSecret: run.signing?.secret,
			waitForResult,
		},
		callOptions,
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
		includeResponseMeta: options.includeResponseMeta === true,
		reference: outgoing.reference,
	});
}

function readMode(context: IExecuteFunctions, itemIndex: number): CallMode {
	const mode = context.getNodeParameter('mode', itemIndex, 'wait') as CallMode;
	if (mode !== 'wait' && mode !== 'fireAndForget') {
		throw new NodeOperationError(context.getNode(), `Mode ${JSON.stringify(mode)} is not a mode`, {
			itemIndex,
			description: "Use 'wait' or 'fireAndForget'.",
		});
	}
	return mode;
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
	return { correlationId: correlationOfItem(item), ...withoutUndefined(identity) };
}

function withoutUndefined(identity: Partial<CallIdentity>): Partial<CallIdentity> {
	return Object.fromEntries(
		Object.entries(identity).filter(([, value]) => value !== undefined),
	) as Partial<CallIdentity>;
}
