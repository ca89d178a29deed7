import type { IncrementMutation } from '../../../lib/state';
import type { ItemReader } from '../item-reader';
import { readKey, readNamespace, readNumber, readPath, readTtlSeconds } from '../read-fields';

/**
 * Increment: adds By to the number at Path in one atomic step. A missing number counts as 0; an
 * empty Path means the value itself is the counter.
 */
export function incrementMutation(reader: ItemReader): IncrementMutation {
	return {
		kind: 'increment',
		namespace: readNamespace(reader),
		key: readKey(reader),
		path: readPath(reader),
		by: readNumber(reader, 'by', 'By', { fallback: 1 }),
		ttlSeconds: readTtlSeconds(reader),
	};
}
