import type { MergeMutation } from '../../../lib/state';
import type { ItemReader } from '../item-reader';
import { readKey, readNamespace, readPatch, readTtlSeconds } from '../read-fields';

/**
 * Merge: deep-merges the patch into the stored object (`null` removes a key), starting from `{}`
 * when the key is missing.
 */
export function mergeMutation(reader: ItemReader): MergeMutation {
	return {
		kind: 'merge',
		namespace: readNamespace(reader),
		key: readKey(reader),
		patch: readPatch(reader),
		ttlSeconds: readTtlSeconds(reader),
	};
}
