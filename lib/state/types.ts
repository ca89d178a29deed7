/** Any value JSON can carry. Stored values, patches and appended elements are all of this type. */
export type JsonValue =
	string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object, the only shape a Merge patch and a Merge target may have. */
export type JsonObject = { [key: string]: JsonValue };

/**
 * A path into a stored value: object keys and array indexes, outermost first. `[]` is the value
 * itself. Built from the user's text by `parseStatePath`.
 */
export type StatePath = Array<string | number>;

/** One stored record, as every operation returns it. */
export interface StateRecord {
	namespace: string;
	key: string;
	value: JsonValue;
	/** 1 on creation, +1 on every write; what Compare-and-Set compares. */
	version: number;
	/** ISO 8601 timestamps, UTC. */
	createdAt: string;
	updatedAt: string;
	/** When the record stops being visible; null when it never expires. */
	expiresAt: string | null;
}

/** Fields every mutation has. */
interface MutationBase {
	namespace: string;
	key: string;
}

/** Fields of the mutations that write a value. */
interface WritingMutation extends MutationBase {
	/** Seconds until the record expires; omitted or 0 means it never expires (and clears an old expiry). */
	ttlSeconds?: number;
}

/** Replaces the whole value. */
export interface SetMutation extends WritingMutation {
	kind: 'set';
	value: JsonValue;
}

/**
 * Deep-merges an object into the stored object (RFC 7396: `null` removes a key, nested objects merge,
 * anything else replaces). A missing record starts from `{}`.
 */
export interface MergeMutation extends WritingMutation {
	kind: 'merge';
	patch: JsonObject;
}

/** Adds `by` to the number at `path`; a missing number counts as 0 and missing objects on the way are created. */
export interface IncrementMutation extends WritingMutation {
	kind: 'increment';
	path: StatePath;
	by: number;
}

/**
 * Pushes values onto the array at `path` (created when missing). With `maxLength`, the oldest elements
 * are dropped so that at most that many remain.
 */
export interface AppendMutation extends WritingMutation {
	kind: 'append';
	path: StatePath;
	values: JsonValue[];
	maxLength?: number;
}

/** Writes `value` only when the stored version is `expectedVersion` (0: only when the record does not exist). */
export interface CompareAndSetMutation extends WritingMutation {
	kind: 'compareAndSet';
	value: JsonValue;
	expectedVersion: number;
}

/** Removes the record. */
export interface DeleteMutation extends MutationBase {
	kind: 'delete';
}

export type StateMutation =
	| SetMutation
	| MergeMutation
	| IncrementMutation
	| AppendMutation
	| CompareAndSetMutation
	| DeleteMutation;

/**
 * What happened to one mutation. Data-dependent failures (a conflict, a type mismatch) are outcomes,
 * not exceptions, so that one bad item in a batch never hides the others' results. A mutation whose
 * outcome is not `written`/`deleted` wrote nothing.
 */
export type MutationOutcome =
	| { status: 'written'; record: StateRecord }
	| { status: 'deleted'; deleted: boolean }
	/** Compare-and-Set found another version; `current` is the record as it is now, if any. */
	| { status: 'conflict'; current: StateRecord | null }
	/**
	 * The stored value has the wrong shape for this mutation: Merge into a non-object, Increment of a
	 * non-number, Append to a non-array, or a path that runs through a scalar. `message` says which.
	 */
	| { status: 'typeMismatch'; message: string };

/** Paging for List. Keys are returned in ascending order. */
export interface ListQuery {
	namespace: string;
	/** Only keys that start with this text. */
	keyPrefix?: string;
	/** Only keys after this one (the previous page's `nextAfterKey`). */
	afterKey?: string;
	/** @default 100 */
	limit?: number;
}

export interface ListPage {
	records: StateRecord[];
	/** Pass as `afterKey` to read the next page; null on the last page. */
	nextAfterKey: string | null;
}

/** One change, as the Shared State Trigger delivers it. */
export interface StateChange {
	namespace: string;
	key: string;
	operation: StateMutation['kind'];
	/** The value after the change; null after a delete. */
	value: JsonValue | null;
	/** The version after the change; 0 after a delete. */
	version: number;
	changedAt: string;
}

/** Which changes a subscriber wants. */
export interface ChangeFilter {
	namespace: string;
	keyPrefix?: string;
}

/**
 * Where shared state lives. Every mutation is one atomic step in the backend (never read, then
 * write), so concurrent writers from any number of executions, processes or hosts lose nothing.
 * Expired records are invisible to every read and are deleted in the background.
 */
export interface StateStore {
	/** Reads many keys of one namespace at once; absent and expired keys are simply not in the map. */
	getMany(namespace: string, keys: string[]): Promise<Map<string, StateRecord>>;

	list(query: ListQuery): Promise<ListPage>;

	/**
	 * Applies mutations in order and returns one outcome per mutation, in the same order. Backends
	 * batch them (few round trips, not one per mutation); two mutations of the same key apply in
	 * their given order.
	 */
	apply(mutations: StateMutation[]): Promise<MutationOutcome[]>;

	/**
	 * Calls `onChange` for every change matching the filter made after this call resolves, by this
	 * or any other process. Returns the function that stops the subscription.
	 */
	subscribe(
		filter: ChangeFilter,
		onChange: (change: StateChange) => void,
	): Promise<() => Promise<void>>;

	/** Deletes expired records now; returns how many. */
	purgeExpired(): Promise<number>;

	/** Releases connections or file handles. The store must not be used afterwards. */
	close(): Promise<void>;
}
