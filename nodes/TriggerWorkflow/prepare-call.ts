import type { IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CallOptions, JsonValue } from '../../lib/call';
import {
	readCallOptions,
	resolveTarget,
	type ResolvedTarget,
	type Signing,
} from '../shared/call-target';
import { resolveCallIdentity, type CallIdentity } from './call-identity';
import type { CallMode, TriggerWorkflowOptions } from './trigger-workflow-properties';

/** What one call is made for: an input item, or every input item at once. */
export interface CallPlan {
	itemIndex: number;
	item: INodeExecutionData;
	pairedItem: IPairedItemData | IPairedItemData[];
	allItems: boolean;
	buildBody: () => JsonValue;
}

/** A call with every parameter read and checked, ready to send. */
export interface PreparedCall {
	plan: CallPlan;
	target: ResolvedTarget;
	options: TriggerWorkflowOptions;
	identity: CallIdentity;
	waitForResult: boolean;
	body: JsonValue;
	callOptions: CallOptions;
}

/** A call whose parameters could not be used; `identity` holds what was known by then. */
export interface UnusableCall {
	plan: CallPlan;
	error: unknown;
	identity: Partial<CallIdentity>;
}

/**
 * Reads and checks everything one call needs, without sending anything. The node prepares every
 * call before sending the first, so a bad parameter on any item stops the node before any call
 * goes out, and the expressions of all items are evaluated back to back rather than between
 * network waits.
 */
export function prepareCall(
	context: IExecuteFunctions,
	plan: CallPlan,
	signing: Signing | undefined,
	signal: AbortSignal | undefined,
): { call: PreparedCall } | { unusable: UnusableCall } {
	let identity: Partial<CallIdentity> = {};
	try {
		const target = resolveTarget(context, plan.itemIndex, signing?.baseUrl);
		const options = context.getNodeParameter(
			'options',
			plan.itemIndex,
			{},
		) as TriggerWorkflowOptions;
		const resolved = resolveCallIdentity(context, { ...plan, target, options });
		identity = resolved;
		return {
			call: {
				plan,
				target,
				options,
				identity: resolved,
				waitForResult: readMode(context, plan.itemIndex) === 'wait',
				body: plan.buildBody(),
				callOptions: readCallOptions(context, plan.itemIndex, signal),
			},
		};
	} catch (error) {
		return { unusable: { plan, error, identity } };
	}
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
