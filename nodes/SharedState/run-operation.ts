import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { sharedStateStore, type StateStore } from '../../lib/state';
import { resolveStoreLocation } from '../shared/state-location';
import { runWrites, toOutputs, type ItemResult, type MutationBuilder } from './batch-writes';
import { itemReaders, type ItemReader } from './item-reader';
import { errorItem, toItemError } from './item-errors';
import { appendMutation } from './operations/append.operation';
import { compareAndSetMutation } from './operations/compare-and-set.operation';
import { deleteMutation } from './operations/delete.operation';
import { runGet } from './operations/get.operation';
import { incrementMutation } from './operations/increment.operation';
import { runList } from './operations/list.operation';
import { mergeMutation } from './operations/merge.operation';
import { setMutation } from './operations/set.operation';

/** The Shared State operations, as the Operation parameter names them. */
export type SharedStateOperation =
	'get' | 'set' | 'merge' | 'delete' | 'list' | 'increment' | 'append' | 'compareAndSet';

const MUTATION_BUILDERS: Record<Exclude<SharedStateOperation, 'get' | 'list'>, MutationBuilder> = {
	set: setMutation,
	merge: mergeMutation,
	delete: deleteMutation,
	increment: incrementMutation,
	append: appendMutation,
	compareAndSet: compareAndSetMutation,
};

/**
 * Whether the node has the Conflict output. The node description's `outputs` expression makes the
 * same decision from the same two parameters.
 */
export function hasConflictOutput(operation: string, onConflict: string): boolean {
	return operation === 'compareAndSet' && onConflict === 'output';
}

/** Runs the node's operation for all input items and returns its outputs. */
export async function runSharedState(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = context.getNodeParameter('operation', 0) as SharedStateOperation;
	const conflictOutput = hasConflictOutput(
		operation,
		String(context.getNodeParameter('onConflict', 0, 'error')),
	);
	const outputCount = conflictOutput ? 2 : 1;
	const readers = itemReaders(context);

	let store: StateStore;
	try {
		store = await openStore(context);
	} catch (error) {
		const itemError = toItemError(context.getNode(), error, 0);
		if (!context.continueOnFail()) throw itemError;
		const items = readers.map((reader) => errorItem(itemError, reader.itemIndex));
		return [items, ...(conflictOutput ? [[]] : [])];
	}

	const results = await dispatch(context, store, operation, readers, conflictOutput);
	context.logger.debug('SharedState: operation done', {
		correlationId: readers[0]?.json.correlationId,
		operation,
		items: readers.length,
		failed: results.filter((result) => 'error' in result).length,
	});
	return toOutputs(results, outputCount);
}

function dispatch(
	context: IExecuteFunctions,
	store: StateStore,
	operation: SharedStateOperation,
	readers: ItemReader[],
	conflictOutput: boolean,
): Promise<ItemResult[]> {
	if (operation === 'get') return runGet(context, store, readers);
	if (operation === 'list') return runList(context, store, readers);
	const build = MUTATION_BUILDERS[operation];
	if (!build) throw new Error(`Unknown Shared State operation "${String(operation)}"`);
	return runWrites(context, store, readers, build, conflictOutput);
}

async function openStore(context: IExecuteFunctions): Promise<StateStore> {
	const location = await resolveStoreLocation(context);
	return await sharedStateStore(location, (error) =>
		context.logger.warn('SharedState: store background failure', { error: error.message }),
	);
}
