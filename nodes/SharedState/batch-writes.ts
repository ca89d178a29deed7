import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	validateMutations,
	type MutationOutcome,
	type StateMutation,
	type StateStore,
} from '../../lib/state';
import type { ItemReader } from './item-reader';
import {
	conflictError,
	errorItem,
	toItemError,
	typeMismatchError,
	type ItemError,
} from './item-errors';
import { conflictJson, recordJson } from './output-items';

/** Builds one item's mutation from its parameters. @throws for input the item cannot be written with */
export type MutationBuilder = (reader: ItemReader) => StateMutation;

/** What became of one input item: an output item on some output, or an error. */
export type ItemResult =
	| { output: number; item: INodeExecutionData }
	| { error: ItemError; itemIndex: number; about: { namespace?: string; key?: string } };

type Planned = { mutation: StateMutation } | { error: ItemError };

/**
 * Runs a write operation for all input items with ONE `store.apply`: items are read and checked
 * first (an item with bad input is never sent), then the valid mutations go to the store as one
 * batch, and each outcome is turned back into the item's result, in input order.
 *
 * @param conflictOutput true: a Compare-and-Set conflict goes to output 1 instead of being an error
 * @throws the first item's error when Continue On Fail is off: an input error before anything is
 *   written, a conflict or type mismatch after the batch (the other items' writes stand)
 */
export async function runWrites(
	context: IExecuteFunctions,
	store: StateStore,
	readers: ItemReader[],
	build: MutationBuilder,
	conflictOutput: boolean,
): Promise<ItemResult[]> {
	const node = context.getNode();
	const planned = readers.map((reader) => planItem(context, reader, build));
	const firstInputError = planned.find((plan) => 'error' in plan);
	if (firstInputError && 'error' in firstInputError && !context.continueOnFail()) {
		throw firstInputError.error;
	}

	const mutations = planned.flatMap((plan) => ('mutation' in plan ? [plan.mutation] : []));
	let outcomes: MutationOutcome[];
	try {
		outcomes = await store.apply(mutations);
	} catch (error) {
		const storeError = toItemError(node, error, 0);
		if (!context.continueOnFail()) throw storeError;
		return planned.map((plan, itemIndex) => ({
			error: 'error' in plan ? plan.error : storeError,
			itemIndex,
			about: {},
		}));
	}

	let next = 0;
	const results = planned.map((plan, itemIndex): ItemResult => {
		if ('error' in plan) return { error: plan.error, itemIndex, about: {} };
		return outcomeResult(context, plan.mutation, outcomes[next++], itemIndex, conflictOutput);
	});

	const firstOutcomeError = results.find((result) => 'error' in result);
	if (firstOutcomeError && 'error' in firstOutcomeError && !context.continueOnFail()) {
		throw firstOutcomeError.error;
	}
	return results;
}

/**
 * Sorts item results onto the node's outputs; with Continue On Fail, errors become error items on
 * the first output (n8n moves them to the error output when the node has one).
 */
export function toOutputs(results: ItemResult[], outputCount: number): INodeExecutionData[][] {
	const outputs: INodeExecutionData[][] = Array.from({ length: outputCount }, () => []);
	for (const result of results) {
		if ('error' in result) outputs[0].push(errorItem(result.error, result.itemIndex, result.about));
		else outputs[result.output].push(result.item);
	}
	return outputs;
}

function planItem(context: IExecuteFunctions, reader: ItemReader, build: MutationBuilder): Planned {
	try {
		const mutation = build(reader);
		// The store checks the whole batch and refuses all of it for one bad mutation; checking each
		// item alone first keeps that failure on the item that caused it.
		validateMutations([mutation]);
		return { mutation };
	} catch (error) {
		return { error: toItemError(context.getNode(), error, reader.itemIndex) };
	}
}

function outcomeResult(
	context: IExecuteFunctions,
	mutation: StateMutation,
	outcome: MutationOutcome,
	itemIndex: number,
	conflictOutput: boolean,
): ItemResult {
	const pairedItem = { item: itemIndex };
	const about = { namespace: mutation.namespace, key: mutation.key };
	switch (outcome.status) {
		case 'written':
			return { output: 0, item: { json: recordJson(outcome.record), pairedItem } };
		case 'deleted':
			return { output: 0, item: { json: { ...about, deleted: outcome.deleted }, pairedItem } };
		case 'conflict':
			if (mutation.kind !== 'compareAndSet') break;
			if (conflictOutput) {
				return { output: 1, item: { json: conflictJson(mutation, outcome.current), pairedItem } };
			}
			return {
				error: conflictError(context.getNode(), mutation, outcome.current, itemIndex),
				itemIndex,
				about,
			};
		case 'typeMismatch':
			return {
				error: typeMismatchError(context.getNode(), mutation, outcome.message, itemIndex),
				itemIndex,
				about,
			};
	}
	throw new Error(
		`The store reported "${outcome.status}" for a ${mutation.kind} of "${mutation.key}"`,
	);
}
