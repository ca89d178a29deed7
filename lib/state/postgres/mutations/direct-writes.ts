import type { JsonValue, MutationOutcome, StateMutation } from '../../types';
import type { DirectKind } from './direct-upsert-sql';
import type { IsoTimes } from './outcomes';
import type { IndexedMutation } from './waves';

/** A row the direct upsert returns: a written record, with the namespace and key it belongs to. */
export interface DirectResultRow {
	ns: string;
	key: string;
	/** NULL when the record holds exactly the mutation's value or patch. */
	value: JsonValue | null;
	version: number;
	created_ms: number;
	updated_ms: number;
	expires_ms: number | null;
}

/**
 * Which direct upsert can write a mutation, if any: a Set, or a Merge whose patch has no null
 * member at any depth (a null member removes a key, so merging such a patch into nothing is not
 * the patch itself, which the direct upsert relies on). The value must be plain JSON, which is
 * stored exactly as given, because the caller's own value becomes the written record's value.
 */
export function directKindOf(mutation: StateMutation): DirectKind | undefined {
	if (mutation.kind === 'set') return isPlainJson(mutation.value, true) ? 'set' : undefined;
	if (mutation.kind !== 'merge' || !isPlainJson(mutation.patch, false)) return undefined;
	for (const name in mutation.patch) {
		const member = mutation.patch[name];
		if (typeof member === 'object' && member !== null && !Array.isArray(member)) return 'merge';
	}
	return 'flatMerge';
}

/** The direct upsert's parameter: `{namespace: {key: {v: value or patch, t: ttlSeconds}}}`. */
export function directInput(items: IndexedMutation[]): [string] {
	const byNamespace: Record<string, Record<string, DirectInputRow>> = Object.create(null);
	for (const { mutation } of items) {
		byNamespace[mutation.namespace] ??= Object.create(null);
		byNamespace[mutation.namespace][mutation.key] = {
			v: directValueOf(mutation),
			t: 'ttlSeconds' in mutation ? mutation.ttlSeconds : undefined,
		};
	}
	return [JSON.stringify(byNamespace)];
}

/**
 * Puts each returned record at its mutation's index and returns the mutations that got no row:
 * Merges into a value that is not an object, for the general statement to report. A row without a
 * value means the record holds the mutation's own value or patch (see `directUpsertSql`).
 */
export function placeDirectOutcomes(
	rows: DirectResultRow[],
	items: IndexedMutation[],
	outcomes: MutationOutcome[],
	times: IsoTimes,
): IndexedMutation[] {
	const rowsByNamespace = new Map<string, Map<string, DirectResultRow>>();
	for (const row of rows) {
		let byKey = rowsByNamespace.get(row.ns);
		if (!byKey) rowsByNamespace.set(row.ns, (byKey = new Map()));
		byKey.set(row.key, row);
	}

	const unwritten: IndexedMutation[] = [];
	for (const item of items) {
		const { namespace, key } = item.mutation;
		const row = rowsByNamespace.get(namespace)?.get(key);
		if (!row) {
			unwritten.push(item);
			continue;
		}
		outcomes[item.index] = {
			status: 'written',
			record: {
				namespace,
				key,
				value: row.value ?? directValueOf(item.mutation),
				version: row.version,
				createdAt: times.format(row.created_ms),
				updatedAt: times.format(row.updated_ms),
				expiresAt: row.expires_ms === null ? null : times.format(row.expires_ms),
			},
		};
	}
	return unwritten;
}

interface DirectInputRow {
	v: JsonValue;
	t: number | undefined;
}

function directValueOf(mutation: StateMutation): JsonValue {
	if (mutation.kind === 'set') return mutation.value;
	if (mutation.kind === 'merge') return mutation.patch;
	throw new Error(`A ${mutation.kind} cannot be written by a direct upsert`);
}

/**
 * True when JSON.stringify gives the value back unchanged: text, finite numbers other than -0,
 * booleans, null, arrays without holes and plain objects of these (no Date, no undefined member).
 * With `nullMembers` false, an object member that is null makes it false too; null elements of
 * arrays are still fine.
 */
function isPlainJson(value: unknown, nullMembers: boolean): boolean {
	switch (typeof value) {
		case 'string':
		case 'boolean':
			return true;
		case 'number':
			return Number.isFinite(value) && !Object.is(value, -0);
		case 'object':
			break;
		default:
			return false;
	}
	if (value === null) return true;
	if (Array.isArray(value)) {
		for (let index = 0; index < value.length; index += 1) {
			if (!(index in value) || !isPlainJson(value[index], true)) return false;
		}
		return true;
	}
	const prototype: unknown = Object.getPrototypeOf(value);
	if (prototype !== Object.prototype && prototype !== null) return false;
	for (const name in value) {
		const member: unknown = (value as Record<string, unknown>)[name];
		if (member === null ? !nullMembers : !isPlainJson(member, nullMembers)) return false;
	}
	return true;
}
