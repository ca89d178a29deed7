import {
	NodeApiError,
	NodeOperationError,
	type INode,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import {
	InvalidStatePathError,
	PostgresStateError,
	StateInputError,
	describePostgresError,
	type CompareAndSetMutation,
	type StateMutation,
	type StateRecord,
	EmbeddedStoreUnavailableError,
} from '../../lib/state';

/** An error for one item, as n8n shows it: the message names the field, the description the fix. */
export type ItemError = NodeOperationError | NodeApiError;

/**
 * Wraps what reading an item or talking to the store threw. Input problems (ours or the store's
 * validation) become NodeOperationError; a failing database becomes NodeApiError with the
 * described cause. The original error is kept as the cause.
 */
export function toItemError(node: INode, error: unknown, itemIndex: number): ItemError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	if (error instanceof StateInputError) {
		return new NodeOperationError(node, error, {
			itemIndex,
			message: error.message,
			description: error.fix,
		});
	}
	if (error instanceof InvalidStatePathError) {
		return new NodeOperationError(node, error, {
			itemIndex,
			message: `Path: ${error.message}`,
			description: 'Correct Path; nothing was written for this item.',
		});
	}
	if (error instanceof PostgresStateError || error instanceof EmbeddedStoreUnavailableError) {
		const description = error instanceof PostgresStateError ? error.description : undefined;
		return new NodeOperationError(node, error, { itemIndex, message: error.message, description });
	}
	const described = describePostgresError(error);
	return new NodeApiError(node, errorResponse(error), {
		itemIndex,
		message: described.message,
		description: described.description,
	});
}

/** The error a Compare-and-Set conflict raises when On Conflict is Error. */
export function conflictError(
	node: INode,
	mutation: CompareAndSetMutation,
	current: StateRecord | null,
	itemIndex: number,
): NodeOperationError {
	const currentVersion = current?.version ?? 0;
	const message =
		mutation.expectedVersion === 0
			? `Key "${mutation.key}" already exists (version ${currentVersion}); Expected Version 0 writes only keys that do not exist`
			: `Key "${mutation.key}" is at version ${currentVersion}, not at Expected Version ${mutation.expectedVersion}`;
	return new NodeOperationError(node, message, {
		itemIndex,
		description:
			'Another write changed the record first, and nothing was written. Read the key again with Get and retry with its version, or set On Conflict to "Send to Conflict Output" to handle it in the workflow.',
	});
}

/** The error for a stored value of the wrong shape (Merge into a list, Increment of text, ...). */
export function typeMismatchError(
	node: INode,
	mutation: StateMutation,
	message: string,
	itemIndex: number,
): NodeOperationError {
	return new NodeOperationError(node, `Key "${mutation.key}": ${message}`, {
		itemIndex,
		description: MISMATCH_FIXES[mutation.kind] ?? 'Nothing was written for this item.',
	});
}

const MISMATCH_FIXES: Partial<Record<StateMutation['kind'], string>> = {
	merge:
		'Merge needs an object (or no record). Nothing was written. Use Set to replace the value, or merge into a key that holds an object.',
	increment:
		'Increment needs a number (or nothing) at Path. Nothing was written. Point Path at a number field, or Set the value first.',
	append:
		'Append needs an array (or nothing) at Path. Nothing was written. Point Path at an array field, or Set the value first.',
};

/** The item Continue On Fail puts out in place of a failed one; it keeps the pairing. */
export function errorItem(
	error: ItemError,
	itemIndex: number,
	about: { namespace?: string; key?: string } = {},
): INodeExecutionData {
	return {
		json: {
			error: { message: error.message, description: error.description ?? null },
			...about,
		},
		pairedItem: { item: itemIndex },
	};
}

function errorResponse(error: unknown): JsonObject {
	if (error instanceof Error) return { message: error.message, name: error.name };
	return { message: String(error) };
}
