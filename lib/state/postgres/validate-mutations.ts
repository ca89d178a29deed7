import type { JsonValue, StateMutation, StatePath } from '../types';
import { PostgresStateError } from './errors';

// The tutorial's workflow_id is varchar(255); namespaces get the same limit so that a change
// notification (namespace and key) always fits PostgreSQL's 8000-byte payload.
const MAX_NAME_LENGTH = 255;

/**
 * Rejects input PostgreSQL would refuse, before anything is written: a statement that failed on one
 * row would abort every other mutation of its batch.
 *
 * @throws PostgresStateError naming the mutation, the field and the fix.
 */
export function validateMutations(mutations: StateMutation[]): void {
	mutations.forEach((mutation, index) => {
		const problem = findProblem(mutation);
		if (problem) {
			throw new PostgresStateError(
				`Mutation ${index + 1} (${mutation.kind} of key "${String(mutation.key).slice(0, 80)}"): ${problem.message}`,
				problem.fix,
			);
		}
	});
}

interface Problem {
	message: string;
	fix: string;
}

function findProblem(mutation: StateMutation): Problem | undefined {
	const nameProblem = checkName('namespace', mutation.namespace) ?? checkName('key', mutation.key);
	if (nameProblem || mutation.kind === 'delete') {
		return nameProblem;
	}

	if (
		mutation.ttlSeconds !== undefined &&
		!(Number.isFinite(mutation.ttlSeconds) && mutation.ttlSeconds >= 0)
	) {
		return {
			message: `ttlSeconds must be a number of seconds, 0 or more, not ${String(mutation.ttlSeconds)}`,
			fix: 'Set the TTL to a positive number of seconds, or to 0 for a record that never expires.',
		};
	}

	switch (mutation.kind) {
		case 'set':
			return checkValue(mutation.value);
		case 'compareAndSet':
			return checkExpectedVersion(mutation.expectedVersion) ?? checkValue(mutation.value);
		case 'merge':
			return checkPatch(mutation.patch);
		case 'increment':
			return (
				checkPath(mutation.path) ??
				(Number.isFinite(mutation.by)
					? undefined
					: {
							message: `by must be a finite number, not ${String(mutation.by)}`,
							fix: 'Set the amount to add to a number such as 1 or -1.',
						})
			);
		case 'append':
			return checkPath(mutation.path) ?? checkAppend(mutation.values, mutation.maxLength);
	}
}

function checkName(field: 'namespace' | 'key', value: unknown): Problem | undefined {
	if (typeof value !== 'string') {
		return { message: `${field} must be text`, fix: `Give the ${field} as text.` };
	}
	// Only text longer than the limit in UTF-16 units can be longer in characters.
	if (value.length > MAX_NAME_LENGTH && [...value].length > MAX_NAME_LENGTH) {
		return {
			message: `${field} is longer than ${MAX_NAME_LENGTH} characters`,
			fix: `Shorten the ${field}, for example by hashing the long part.`,
		};
	}
	if (value.includes('\u0000')) {
		return {
			message: `${field} contains the NUL character, which PostgreSQL cannot store`,
			fix: `Remove the NUL (\\u0000) characters from the ${field}.`,
		};
	}
	return undefined;
}

function checkExpectedVersion(expectedVersion: number): Problem | undefined {
	return Number.isSafeInteger(expectedVersion) && expectedVersion >= 0
		? undefined
		: {
				message: `expectedVersion must be a whole number, 0 or more, not ${String(expectedVersion)}`,
				fix: 'Use the version read with Get, or 0 to write only when the key does not exist yet.',
			};
}

function checkValue(value: JsonValue | undefined): Problem | undefined {
	if (value === undefined) {
		return {
			message: 'value is missing',
			fix: 'Give the value to store; use null for an empty value.',
		};
	}
	return checkJson('value', value);
}

function checkPatch(patch: unknown): Problem | undefined {
	if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
		return {
			message: 'patch must be a JSON object',
			fix: 'Give the fields to merge as an object, such as {"status": "done"}; use Set to replace the whole value.',
		};
	}
	return checkJson('patch', patch as JsonValue);
}

function checkAppend(values: unknown, maxLength: number | undefined): Problem | undefined {
	if (!Array.isArray(values)) {
		return { message: 'values must be an array', fix: 'Give the elements to append as an array.' };
	}
	if (maxLength !== undefined && !(Number.isSafeInteger(maxLength) && maxLength >= 0)) {
		return {
			message: `maxLength must be a whole number, 0 or more, not ${String(maxLength)}`,
			fix: 'Set Max Length to how many elements to keep, or leave it empty to keep them all.',
		};
	}
	return checkJson('values', values);
}

function checkPath(path: StatePath): Problem | undefined {
	const valid =
		Array.isArray(path) &&
		path.every(
			(step) =>
				(typeof step === 'string' && !step.includes('\u0000')) ||
				(Number.isSafeInteger(step) && (step as number) >= 0),
		);
	return valid
		? undefined
		: {
				message: `path must be a list of keys and array indexes (whole numbers, 0 or more), not ${JSON.stringify(path)}`,
				fix: 'Write the path like "stats.counts.ok" or "items[0].count".',
			};
}

// PostgreSQL's jsonb cannot hold the NUL character in a string or key.
function checkJson(field: string, value: JsonValue): Problem | undefined {
	return containsNul(value)
		? {
				message: `${field} contains the NUL character (\\u0000), which PostgreSQL cannot store`,
				fix: `Remove the NUL characters from the ${field}.`,
			}
		: undefined;
}

// Plain loops: this walks every value of every batch, twice for the node's batches (once per
// item, once by the store), and Object.entries' arrays were most of its cost.
function containsNul(value: JsonValue): boolean {
	if (typeof value === 'string') {
		return value.includes('\u0000');
	}
	if (typeof value !== 'object' || value === null) {
		return false;
	}
	if (Array.isArray(value)) {
		for (const item of value) {
			if (containsNul(item)) return true;
		}
		return false;
	}
	for (const key in value) {
		if (key.includes('\u0000') || containsNul(value[key])) return true;
	}
	return false;
}
