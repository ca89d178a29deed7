import type { AppendMutation } from '../../../lib/state';
import type { ItemReader } from '../item-reader';
import {
	readKey,
	readNamespace,
	readNumber,
	readPath,
	readTtlSeconds,
	readValue,
} from '../read-fields';

/**
 * Append: pushes Value onto the array at Path in one atomic step (the array is created when
 * missing). Max Length 0 keeps every element; otherwise the oldest are dropped.
 */
export function appendMutation(reader: ItemReader): AppendMutation {
	const maxLength = readNumber(reader, 'maxLength', 'Max Length', { fallback: 0, wholeAtLeast: 0 });
	return {
		kind: 'append',
		namespace: readNamespace(reader),
		key: readKey(reader),
		path: readPath(reader),
		values: [readValue(reader, 'value')],
		maxLength: maxLength === 0 ? undefined : maxLength,
		ttlSeconds: readTtlSeconds(reader),
	};
}
