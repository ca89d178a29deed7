import type { SetMutation } from '../../../lib/state';
import type { ItemReader } from '../item-reader';
import { readKey, readNamespace, readTtlSeconds, readValue } from '../read-fields';

/** Set: replaces the whole value of the key, creating the record when missing. */
export function setMutation(reader: ItemReader): SetMutation {
	return {
		kind: 'set',
		namespace: readNamespace(reader),
		key: readKey(reader),
		value: readValue(reader, 'value'),
		ttlSeconds: readTtlSeconds(reader),
	};
}
