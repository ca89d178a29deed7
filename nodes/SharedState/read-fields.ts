import type { IDataObject } from 'n8n-workflow';

import {
	StateInputError,
	parseStatePath,
	validateNamespace,
	validateStateKey,
	validateTtlSeconds,
	type JsonObject,
	type JsonValue,
	type StatePath,
} from '../../lib/state';
import type { ItemReader } from './item-reader';

// The PostgreSQL backend stores keys of up to 255 characters (the tutorial's varchar); the node
// holds both backends to it so that a workflow moves between them unchanged.
const MAX_PORTABLE_KEY_LENGTH = 255;

/** Where key and value come from: the node's fields, or fields of the input item read directly. */
export type DataSource = 'parameters' | 'inputItems';

/** @throws StateInputError naming Namespace */
export function readNamespace(reader: ItemReader): string {
	return validateNamespace(reader.parameter('namespace', ''), 'Namespace');
}

/** @throws StateInputError naming Key (or Key Field) and the fix */
export function readKey(reader: ItemReader): string {
	if (dataSource(reader) === 'parameters') {
		return checkKeyLength(validateStateKey(reader.parameter('key', ''), 'Key'), 'Key');
	}
	const fieldName = String(reader.parameter('keyField', 'key'));
	const field = `Key Field "${fieldName}"`;
	return checkKeyLength(validateStateKey(readItemField(reader, fieldName, field), field), field);
}

/**
 * The value (Set, Compare-and-Set, Append) or patch (Merge) of one item: the JSON parameter, or
 * the input item's field (the whole item when Value Field is empty).
 *
 * @throws StateInputError naming the field when its text is not JSON or the input field is missing
 */
export function readValue(reader: ItemReader, name: 'value' | 'patch'): JsonValue {
	const displayName = name === 'value' ? 'Value' : 'Patch';
	if (dataSource(reader) === 'parameters') {
		return parseJsonParameter(reader.parameter(name, ''), displayName);
	}
	const fieldName = String(reader.parameter('valueField', '')).trim();
	if (fieldName === '') return reader.json as JsonObject;
	return readItemField(reader, fieldName, `Value Field "${fieldName}"`) as JsonValue;
}

/** @throws StateInputError naming Patch when it is not a JSON object */
export function readPatch(reader: ItemReader): JsonObject {
	const patch = readValue(reader, 'patch');
	if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
		const field = dataSource(reader) === 'parameters' ? 'Patch' : 'Value Field';
		throw new StateInputError(
			field,
			`${field} must be a JSON object to merge, got ${describeJsonType(patch)}`,
			'Give the fields to change as an object such as {"status": "done"}; use the Set operation to replace the whole value.',
		);
	}
	return patch;
}

/** @throws InvalidStatePathError showing Path's text and the path syntax */
export function readPath(reader: ItemReader): StatePath {
	const text = reader.parameter('path', '');
	return parseStatePath(typeof text === 'string' ? text : String(text));
}

/** @throws StateInputError naming the field unless it holds a finite number (whole if asked) */
export function readNumber(
	reader: ItemReader,
	name: string,
	displayName: string,
	rules: { fallback: number; wholeAtLeast?: number },
): number {
	const raw = reader.parameter(name, rules.fallback);
	const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	const whole = rules.wholeAtLeast !== undefined;
	const valid =
		typeof value === 'number' &&
		Number.isFinite(value) &&
		(!whole || (Number.isSafeInteger(value) && value >= (rules.wholeAtLeast ?? 0)));
	if (!valid) {
		throw new StateInputError(
			displayName,
			`${displayName} must be ${whole ? `a whole number, ${rules.wholeAtLeast} or more` : 'a number'}, got ${JSON.stringify(raw)}`,
			`Set ${displayName} to a number, or to an expression that returns one.`,
		);
	}
	return value;
}

/** Seconds until the written record expires; 0 means never. @throws StateInputError */
export function readTtlSeconds(reader: ItemReader): number {
	const options = reader.parameter('options', {}) as IDataObject;
	return validateTtlSeconds(options.ttlSeconds ?? 0, 'Time to Live (Seconds)');
}

/**
 * Parses a JSON parameter. n8n hands over text as typed, or the value itself when an expression
 * returned an object, array, number or boolean.
 *
 * @throws StateInputError naming the field, with the parser's complaint and an example
 */
export function parseJsonParameter(raw: unknown, displayName: string): JsonValue {
	if (typeof raw !== 'string') {
		if (raw === undefined) return null;
		return raw as JsonValue;
	}
	if (raw.trim() === '') {
		throw new StateInputError(
			displayName,
			`${displayName} is empty`,
			`Enter JSON in ${displayName}: an object such as {"status": "done"}, a number, or text in double quotes; use null for an empty value.`,
		);
	}
	const parsed = tryParseJson(raw);
	if ('problem' in parsed) {
		throw new StateInputError(
			displayName,
			`${displayName} is not valid JSON (${parsed.problem}): ${excerpt(raw)}`,
			`Correct the JSON in ${displayName}. Text values need double quotes ("done"), and object keys too ({"status": "done"}).`,
		);
	}
	return parsed.value;
}

function tryParseJson(text: string): { value: JsonValue } | { problem: string } {
	try {
		return { value: JSON.parse(text) as JsonValue };
	} catch (error) {
		return { problem: error instanceof Error ? error.message : String(error) };
	}
}

function dataSource(reader: ItemReader): DataSource {
	return reader.parameter('dataSource', 'parameters') === 'inputItems'
		? 'inputItems'
		: 'parameters';
}

// A dotted name walks into nested objects, as field names do elsewhere in n8n.
function readItemField(reader: ItemReader, fieldName: string, field: string): unknown {
	let current: unknown = reader.json;
	for (const step of fieldName.split('.')) {
		if (typeof current !== 'object' || current === null || !(step in current)) {
			throw new StateInputError(
				field,
				`The input item has no field "${fieldName}" (${field})`,
				`Name a field the input items have, or switch Key and Value From to Fields Below.`,
			);
		}
		current = (current as IDataObject)[step];
	}
	return current;
}

function checkKeyLength(key: string, field: string): string {
	if (key.length > MAX_PORTABLE_KEY_LENGTH) {
		throw new StateInputError(
			field,
			`${field} is ${key.length} characters long; at most ${MAX_PORTABLE_KEY_LENGTH} are allowed`,
			`Shorten ${field}, for example by hashing the long part.`,
		);
	}
	return key;
}

function describeJsonType(value: JsonValue): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	return `a ${typeof value}`;
}

function excerpt(text: string): string {
	const single = text.replace(/\s+/g, ' ').trim();
	return single.length > 60 ? `${single.slice(0, 60)}...` : single;
}
