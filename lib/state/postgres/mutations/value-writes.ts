import type { StateTable } from '../state-table';
import type { ValueWrite } from './value-write-sql';

/** Set: the new value, whatever was there. */
export const SET_WRITE: ValueWrite = {
	kind: 'set',
	fromNothing: (input) => `(${input}->'value')`,
	fromExisting: (_stored, input) => `(${input}->'value')`,
	fits: () => 'true',
};

/** Merge: RFC 7396 over `{}` or over a stored object; any other stored value is a mismatch. */
export function mergeWrite(table: StateTable): ValueWrite {
	const mergePatch = `${table.quotedSchema}.wfc_merge_patch`;
	return {
		kind: 'merge',
		fromNothing: (input) => `${mergePatch}('{}'::jsonb, ${input}->'patch')`,
		fromExisting: (stored, input) =>
			`(CASE WHEN jsonb_typeof(${stored}) = 'object' THEN ${mergePatch}(${stored}, ${input}->'patch') END)`,
		fits: (stored) => `jsonb_typeof(${stored}) = 'object'`,
	};
}

/** Increment: adds `by` at `path`, creating the number and the objects on the way. */
export function incrementWrite(table: StateTable): ValueWrite {
	const updateAt = `${table.quotedSchema}.wfc_update_at`;
	return {
		kind: 'increment',
		fromNothing: (input) =>
			`${updateAt}(NULL, ${input}->'path', 'increment', ${input}->'by', NULL)`,
		fromExisting: (stored, input) =>
			`${updateAt}(${stored}, ${input}->'path', 'increment', ${input}->'by', NULL)`,
	};
}

/** Append: pushes `values` onto the array at `path`, keeping the newest `maxLength`. */
export function appendWrite(table: StateTable): ValueWrite {
	const updateAt = `${table.quotedSchema}.wfc_update_at`;
	const maxLength = (input: string) => `(${input}->>'maxLength')::int`;
	return {
		kind: 'append',
		fromNothing: (input) =>
			`${updateAt}(NULL, ${input}->'path', 'append', ${input}->'values', ${maxLength(input)})`,
		fromExisting: (stored, input) =>
			`${updateAt}(${stored}, ${input}->'path', 'append', ${input}->'values', ${maxLength(input)})`,
	};
}
