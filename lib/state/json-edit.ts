import { formatStatePath } from './path';
import type { JsonObject, JsonValue, StatePath } from './types';

/**
 * The pure value transformations behind Merge, Increment and Append. The embedded store runs them
 * inside its UPDATE statement (as SQL functions), so they execute under the write lock and never
 * as a separate read-then-write. Each returns the new value, or a mismatch saying why it cannot apply.
 */
export type EditResult = { value: JsonValue } | { mismatch: string };

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 7396 JSON Merge Patch: `null` removes a key, objects merge, anything else replaces. */
export function mergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
	if (!isJsonObject(patch)) return patch;
	const result: JsonObject = isJsonObject(target) ? { ...target } : {};
	for (const [key, patchValue] of Object.entries(patch)) {
		if (patchValue === null) delete result[key];
		else result[key] = mergePatch(result[key], patchValue);
	}
	return result;
}

/** Merge as the Merge operation allows it: only an object into an object (or into nothing). */
export function mergeInto(stored: JsonValue | undefined, patch: JsonObject): EditResult {
	if (stored !== undefined && !isJsonObject(stored)) {
		return {
			mismatch: `the stored value is ${describeType(stored)}, not an object, so it cannot be merged into`,
		};
	}
	return { value: mergePatch(stored, patch) };
}

/** Adds `by` to the number at `path`; a missing number counts as 0 and missing objects are created. */
export function incrementAt(
	stored: JsonValue | undefined,
	path: StatePath,
	by: number,
): EditResult {
	return updateAt(stored, path, (current) => {
		if (current === undefined) return { value: by };
		if (typeof current !== 'number') {
			return {
				mismatch: `the value at ${formatStatePath(path)} is ${describeType(current)}, not a number, so it cannot be incremented`,
			};
		}
		const sum = current + by;
		if (!Number.isFinite(sum))
			return { mismatch: `the result at ${formatStatePath(path)} is not a finite number` };
		return { value: sum };
	});
}

/** Pushes values onto the array at `path` (created when missing), keeping at most `maxLength`. */
export function appendAt(
	stored: JsonValue | undefined,
	path: StatePath,
	values: JsonValue[],
	maxLength?: number,
): EditResult {
	return updateAt(stored, path, (current) => {
		if (current !== undefined && !Array.isArray(current)) {
			return {
				mismatch: `the value at ${formatStatePath(path)} is ${describeType(current)}, not an array, so nothing can be appended to it`,
			};
		}
		const combined = [...(current ?? []), ...values];
		const kept = maxLength !== undefined && combined.length > maxLength;
		return { value: kept ? combined.slice(combined.length - maxLength) : combined };
	});
}

/**
 * Replaces the value at `path` with what `edit` makes of it, creating missing objects on the way.
 * Arrays are only walked by index, objects only by key: anything else is a mismatch.
 */
function updateAt(
	node: JsonValue | undefined,
	path: StatePath,
	edit: (current: JsonValue | undefined) => EditResult,
	depth = 0,
): EditResult {
	if (depth === path.length) return edit(node);

	const segment = path[depth];
	const walked = formatStatePath(path.slice(0, depth));
	if (typeof segment === 'number') {
		if (!Array.isArray(node) || segment >= node.length) {
			return {
				mismatch: `${walked} has no element [${segment}] (indexes only address elements that exist)`,
			};
		}
		const inner = updateAt(node[segment], path, edit, depth + 1);
		if ('mismatch' in inner) return inner;
		const copy = [...node];
		copy[segment] = inner.value;
		return { value: copy };
	}

	if (node !== undefined && !isJsonObject(node)) {
		return { mismatch: `${walked} is ${describeType(node)}, so it has no key "${segment}"` };
	}
	const inner = updateAt(node?.[segment], path, edit, depth + 1);
	if ('mismatch' in inner) return inner;
	return { value: { ...(node ?? {}), [segment]: inner.value } };
}

/** "a string", "an array", ... for messages. */
export function describeType(value: JsonValue): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'object') return 'an object';
	return `a ${typeof value}`;
}
