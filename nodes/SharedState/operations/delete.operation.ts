import type { DeleteMutation } from '../../../lib/state';
import type { ItemReader } from '../item-reader';
import { readKey, readNamespace } from '../read-fields';

/** Delete: removes the record; deleting a missing key is not an error (`deleted: false`). */
export function deleteMutation(reader: ItemReader): DeleteMutation {
	return { kind: 'delete', namespace: readNamespace(reader), key: readKey(reader) };
}
