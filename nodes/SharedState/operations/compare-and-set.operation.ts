import type { CompareAndSetMutation } from '../../../lib/state';
import type { ItemReader } from '../item-reader';
import { readKey, readNamespace, readNumber, readTtlSeconds, readValue } from '../read-fields';

/**
 * Compare-and-Set: writes Value only when the stored version equals Expected Version (0: only when
 * the key does not exist yet). What a conflict does is decided by On Conflict, in the batch runner.
 */
export function compareAndSetMutation(reader: ItemReader): CompareAndSetMutation {
	return {
		kind: 'compareAndSet',
		namespace: readNamespace(reader),
		key: readKey(reader),
		value: readValue(reader, 'value'),
		expectedVersion: readNumber(reader, 'expectedVersion', 'Expected Version', {
			fallback: 0,
			wholeAtLeast: 0,
		}),
		ttlSeconds: readTtlSeconds(reader),
	};
}
