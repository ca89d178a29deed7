import { appendAt, incrementAt, mergeInto, type EditResult } from '../json-edit';
import type { JsonObject, JsonValue, StatePath } from '../types';

/** The edit a Merge, Increment or Append mutation asks for, as passed to the `wfc_edit` SQL function. */
export type ValueEdit =
	| { kind: 'merge'; patch: JsonObject }
	| { kind: 'increment'; path: StatePath; by: number }
	| { kind: 'append'; path: StatePath; values: JsonValue[]; maxLength?: number };

/** Applies an edit to a stored value (undefined: no record). */
export function applyEdit(stored: JsonValue | undefined, edit: ValueEdit): EditResult {
	switch (edit.kind) {
		case 'merge':
			return mergeInto(stored, edit.patch);
		case 'increment':
			return incrementAt(stored, edit.path, edit.by);
		case 'append':
			return appendAt(stored, edit.path, edit.values, edit.maxLength);
	}
}

/**
 * The body of the `wfc_edit(storedJson, editJson)` SQL function: the new value as JSON text, or
 * NULL when the edit does not fit the stored value (the statement then writes nothing).
 */
export function sqlEditFunction(storedJson: unknown, editJson: unknown): string | null {
	const stored = typeof storedJson === 'string' ? (JSON.parse(storedJson) as JsonValue) : undefined;
	const result = applyEdit(stored, JSON.parse(String(editJson)) as ValueEdit);
	return 'value' in result ? JSON.stringify(result.value) : null;
}
