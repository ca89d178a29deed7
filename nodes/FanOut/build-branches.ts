import { randomUUID } from 'node:crypto';

import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { deriveIdempotencyKey, type CallOptions, type JsonValue } from '../../lib/call';
import {
	callErrorToNodeError,
	describeTarget,
	incomingCorrelationId,
	readCallOptions,
	resolveTarget,
	type ResolvedTarget,
	type Signing,
} from '../shared/call-target';
import { perItemOrOnce } from '../shared/parameter-expressions';

/** One call the fan-out will make, prepared before any starts. */
export interface Branch {
	/** Position in the fan-out: the item's index, or the element's in List Field mode. */
	index: number;
	/** The input item the branch came from, for `pairedItem`. */
	itemIndex: number;
	/** What the called workflow receives as `body`: the item's JSON or the list element. */
	body: JsonValue;
	/** `<parent>:<index>`, so every branch of one fan-out shares a traceable prefix. */
	correlationId: string;
	idempotencyKey: string;
	/** Unset when `invalid` is. */
	target?: ResolvedTarget;
	/** The retry settings of the branch's item, without a signal (each call gets its own). */
	callOptions?: CallOptions;
	/** Why the branch cannot be called (Continue On Fail); it fails at once when run. */
	invalid?: Error;
}

/** Every branch of one run, and the correlation ID of the run for its log lines. */
export interface BranchPlan {
	branches: Branch[];
	/** The first branch's parent, or a new UUID for an empty run. */
	runCorrelationId: string;
}

const TARGET_PARAMETERS = ['target', 'path', 'url', 'workflowId', 'method'] as const;

/** Where one branch's input comes from. */
interface BranchSource {
	itemIndex: number;
	body: JsonValue;
}

/**
 * Builds one branch per input item, or per element of the List Field array of the first item.
 * Target and retry parameters are read per item only when they hold expressions.
 * @throws NodeOperationError for a List Field that is not an array, and (without Continue On
 *   Fail) for the first branch whose target is unusable, before anything is called.
 */
export function buildBranches(
	context: IExecuteFunctions,
	listField: string | undefined,
	signing: Signing | undefined,
): BranchPlan {
	const items = context.getInputData();
	const sources = listField ? listSources(context, items, listField) : itemSources(items);
	const node = context.getNode();
	const targetFor = perItemOrOnce(node, TARGET_PARAMETERS, (itemIndex) =>
		resolveTarget(context, itemIndex, signing?.baseUrl),
	);
	const callOptionsFor = perItemOrOnce(node, ['retry'], (itemIndex) =>
		readCallOptions(context, itemIndex, undefined),
	);

	const generatedParent = randomUUID();
	const parentOf = (itemIndex: number) =>
		incomingCorrelationId(items[itemIndex]) ?? generatedParent;
	const branches = sources.map((source, index): Branch => {
		const parent = parentOf(source.itemIndex);
		const base = {
			index,
			itemIndex: source.itemIndex,
			body: source.body,
			correlationId: `${parent}:${index}`,
		};
		try {
			const target = targetFor(source.itemIndex);
			const callOptions = callOptionsFor(source.itemIndex);
			const idempotencyKey = deriveIdempotencyKey({
				correlationId: parent,
				target: describeTarget(target),
				itemIndex: index,
			});
			return { ...base, idempotencyKey, target, callOptions };
		} catch (error) {
			const nodeError = callErrorToNodeError(node, error, source.itemIndex);
			if (!context.continueOnFail()) throw nodeError;
			return { ...base, idempotencyKey: '', invalid: nodeError };
		}
	});

	const runCorrelationId = branches.length > 0 ? parentOf(branches[0].itemIndex) : generatedParent;
	return { branches, runCorrelationId };
}

function itemSources(items: INodeExecutionData[]): BranchSource[] {
	return items.map((item, itemIndex) => ({ itemIndex, body: asJson(item.json) }));
}

function listSources(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	listField: string,
): BranchSource[] {
	if (items.length === 0) return [];
	if (items.length > 1) {
		context.addExecutionHints({
			message: `List Field fans out over the first item only; ${items.length - 1} further input item(s) were not used. Aggregate them into one item first to use them.`,
			location: 'outputPane',
		});
	}
	const list = valueAtPath(items[0].json, listField);
	if (!Array.isArray(list)) {
		throw new NodeOperationError(
			context.getNode(),
			`List Field "${listField}" of the first item is ${describe(list)}, not an array`,
			{
				itemIndex: 0,
				description:
					'Name an array field of the input item (a dot path like order.lines works), or clear List Field to start one branch per item.',
			},
		);
	}
	return list.map((element: unknown) => ({ itemIndex: 0, body: asJson(element) }));
}

function valueAtPath(json: IDataObject, path: string): unknown {
	let value: unknown = json;
	for (const key of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

function describe(value: unknown): string {
	if (value === undefined) return 'missing';
	if (value === null) return 'null';
	return `a${typeof value === 'object' ? 'n object' : ` ${typeof value}`}`;
}

/** An upstream node's correlation ID continues the trace; anything unusable starts a new one. */
/** Item JSON is JSON by n8n's contract; the type just does not say so. */
function asJson(value: unknown): JsonValue {
	return (value ?? null) as JsonValue;
}
