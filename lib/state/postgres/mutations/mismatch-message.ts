import type { JsonValue, StatePath, StateMutation } from '../../types';

/**
 * Says why a Merge, Increment or Append did not fit the stored value, for a type-mismatch outcome.
 * The statement only knows that it did not fit; this walks the value as the statement saw it to
 * find where. `stored` is undefined when the statement saw no live record.
 */
export function mismatchMessage(mutation: StateMutation, stored: JsonValue | undefined): string {
	const subject = `the value of "${mutation.key}"`;
	if (mutation.kind === 'merge') {
		return `Merge needs ${subject} to be an object, but it is ${describe(stored)}`;
	}
	if (mutation.kind !== 'increment' && mutation.kind !== 'append') {
		return `${mutation.kind} does not fit ${subject}`;
	}

	const expected = mutation.kind === 'increment' ? 'a number' : 'an array';
	let current = stored;
	for (let depth = 0; depth < mutation.path.length; depth += 1) {
		const step = mutation.path[depth];
		const where = formatPath(mutation.path.slice(0, depth), subject);
		if (typeof step === 'string') {
			if (current !== undefined && !isObject(current)) {
				return `The path runs through ${where}, which is ${describe(current)}, not an object`;
			}
			current = current?.[step];
		} else {
			if (!Array.isArray(current)) {
				return `The path indexes [${step}] into ${where}, which is ${describe(current)}, not an array`;
			}
			if (step >= current.length) {
				return `The path indexes [${step}] into ${where}, which has only ${current.length} elements`;
			}
			current = current[step];
		}
	}
	const target = formatPath(mutation.path, subject);
	return `${mutation.kind === 'increment' ? 'Increment' : 'Append'} needs ${expected} at ${target}, but it is ${describe(current)}`;
}

function isObject(value: JsonValue): value is { [key: string]: JsonValue } {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: JsonValue | undefined): string {
	if (value === undefined) {
		return 'missing';
	}
	if (value === null) {
		return 'null';
	}
	if (Array.isArray(value)) {
		return 'an array';
	}
	if (typeof value === 'object') {
		return 'an object';
	}
	return typeof value === 'string' ? 'text' : `a ${typeof value} (${String(value)})`;
}

function formatPath(path: StatePath, subject: string): string {
	if (path.length === 0) {
		return subject;
	}
	const text = path
		.map((step, position) =>
			typeof step === 'number' ? `[${step}]` : position === 0 ? step : `.${step}`,
		)
		.join('');
	return `"${text}" in ${subject}`;
}
