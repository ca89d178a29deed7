import type { StatePath } from './types';

/** Longest path text we accept; deeper documents are almost always a mistake in the expression. */
export const MAX_PATH_LENGTH = 500;

/** Thrown for path text that cannot address a value; the message shows the text and the syntax. */
export class InvalidStatePathError extends Error {
	constructor(
		readonly pathText: string,
		reason: string,
	) {
		super(
			`Invalid path "${pathText}": ${reason}. Use dot-separated keys with optional array indexes, ` +
				'for example "counters.daily" or "items[0].sku"; leave it empty for the whole value.',
		);
		this.name = 'InvalidStatePathError';
	}
}

// One segment: a key made of anything but the path's own punctuation and quotes, then any indexes.
const SEGMENT_PATTERN = /^([^.[\]"]+)((?:\[\d+\])*)$/;

/**
 * Turns the user's path text (`a.b[2].c`) into segments (`['a', 'b', 2, 'c']`). Empty text is the
 * whole value. Keys cannot contain `.`, `[`, `]` or `"`; indexes are non-negative integers.
 *
 * @throws InvalidStatePathError naming the text and what is wrong with it
 */
export function parseStatePath(pathText: string): StatePath {
	const text = pathText.trim();
	if (text === '') return [];
	if (text.length > MAX_PATH_LENGTH) {
		throw new InvalidStatePathError(
			`${text.slice(0, 40)}...`,
			`longer than ${MAX_PATH_LENGTH} characters`,
		);
	}

	const segments: StatePath = [];
	for (const part of text.split('.')) {
		const match = SEGMENT_PATTERN.exec(part);
		if (!match) {
			const reason =
				part === ''
					? 'it has an empty key (two dots, or a dot at either end)'
					: `"${part}" is not a key`;
			throw new InvalidStatePathError(text, reason);
		}
		segments.push(match[1]);
		for (const index of match[2].matchAll(/\[(\d+)\]/g)) {
			const value = Number(index[1]);
			if (!Number.isSafeInteger(value)) {
				throw new InvalidStatePathError(text, `index ${index[1]} is too large`);
			}
			segments.push(value);
		}
	}
	return segments;
}

/** The path as the user would write it, for messages. */
export function formatStatePath(path: StatePath): string {
	if (path.length === 0) return '(whole value)';
	return path
		.map((segment, position) =>
			typeof segment === 'number' ? `[${segment}]` : position === 0 ? segment : `.${segment}`,
		)
		.join('');
}
