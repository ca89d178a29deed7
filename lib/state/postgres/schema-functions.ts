import { LISTENERS_TABLE } from './change-listeners';
import { isoTimestamp } from './sql-fragments';

/**
 * Bumped whenever a function body below changes: the migration stores it as the functions' comment
 * and recreates them when it differs, instead of replacing them on every process start.
 */
export const FUNCTIONS_VERSION = 'wfc-state-functions 4';

/** The names the migration creates in the table's schema, for the version check. */
export const FUNCTION_NAMES = [
	'wfc_merge_patch',
	'wfc_update_at',
	'wfc_update_leaf',
	'wfc_notify_changes',
] as const;

/**
 * The name the change triggers give their transition table (the rows one statement inserted,
 * updated or deleted), which `wfc_notify_changes` reads.
 */
export const CHANGED_ROWS = 'wfc_changed_rows';

/**
 * RFC 7396 merge patch, the same result as SQLite's `json_patch`: `null` removes a key, an object
 * merges into the object at its key (a non-object there is replaced by the patch without its
 * nulls), anything else replaces. PostgreSQL's own `||` merges one level only, hence this function.
 */
function mergePatchFunction(schema: string): string {
	return `CREATE OR REPLACE FUNCTION ${schema}.wfc_merge_patch(target jsonb, patch jsonb)
RETURNS jsonb LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
DECLARE
	merged jsonb;
	entry record;
BEGIN
	IF jsonb_typeof(patch) IS DISTINCT FROM 'object' THEN
		RETURN patch;
	END IF;
	merged := CASE WHEN jsonb_typeof(target) = 'object' THEN target ELSE '{}'::jsonb END;
	-- Without nested objects or nulls the patch is a plain one-level merge, which || does at once.
	IF NOT jsonb_path_exists(patch, '$.* ? (@.type() == "object" || @ == null)') THEN
		RETURN merged || patch;
	END IF;
	FOR entry IN SELECT key, value FROM jsonb_each(patch) LOOP
		IF jsonb_typeof(entry.value) = 'null' THEN
			merged := merged - entry.key;
		ELSE
			merged := merged || jsonb_build_object(
				entry.key, ${schema}.wfc_merge_patch(merged -> entry.key, entry.value));
		END IF;
	END LOOP;
	RETURN merged;
END
$fn$`;
}

/**
 * Applies Increment or Append at a path and returns the new whole value, or NULL when the value has
 * the wrong shape, so that a statement can skip the row instead of raising an error that would
 * abort the rest of the batch. A SQL NULL target means "no value yet": missing objects on a
 * path of keys are created; an array index must point into an existing array.
 */
function updateAtFunction(schema: string): string {
	return `CREATE OR REPLACE FUNCTION ${schema}.wfc_update_at(
	target jsonb, path jsonb, operation text, argument jsonb, max_length integer)
RETURNS jsonb LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
DECLARE
	step jsonb := path -> 0;
	child jsonb;
	item_index integer;
BEGIN
	IF step IS NULL THEN
		RETURN ${schema}.wfc_update_leaf(target, operation, argument, max_length);
	END IF;
	IF jsonb_typeof(step) = 'string' THEN
		IF target IS NULL THEN
			target := '{}'::jsonb;
		ELSIF jsonb_typeof(target) <> 'object' THEN
			RETURN NULL;
		END IF;
		child := ${schema}.wfc_update_at(
			target -> (step #>> '{}'), path - 0, operation, argument, max_length);
		RETURN CASE WHEN child IS NULL THEN NULL
			ELSE target || jsonb_build_object(step #>> '{}', child) END;
	END IF;
	IF jsonb_typeof(target) IS DISTINCT FROM 'array' THEN
		RETURN NULL;
	END IF;
	item_index := step::integer;
	IF item_index < 0 OR item_index >= jsonb_array_length(target) THEN
		RETURN NULL;
	END IF;
	child := ${schema}.wfc_update_at(target -> item_index, path - 0, operation, argument, max_length);
	RETURN CASE WHEN child IS NULL THEN NULL
		ELSE jsonb_set(target, ARRAY[item_index::text], child) END;
END
$fn$`;
}

/** The end of a path: add to a number, or push onto an array and keep its newest elements. */
function updateLeafFunction(schema: string): string {
	return `CREATE OR REPLACE FUNCTION ${schema}.wfc_update_leaf(
	existing jsonb, operation text, argument jsonb, max_length integer)
RETURNS jsonb LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
DECLARE
	appended jsonb;
	excess integer;
BEGIN
	IF operation = 'increment' THEN
		IF existing IS NULL THEN
			RETURN to_jsonb(argument::numeric);
		ELSIF jsonb_typeof(existing) = 'number' THEN
			RETURN to_jsonb(existing::numeric + argument::numeric);
		END IF;
		RETURN NULL;
	END IF;
	IF existing IS NULL THEN
		appended := argument;
	ELSIF jsonb_typeof(existing) = 'array' THEN
		appended := existing || argument;
	ELSE
		RETURN NULL;
	END IF;
	excess := jsonb_array_length(appended) - max_length;
	IF excess > 0 THEN
		appended := (
			SELECT COALESCE(jsonb_agg(element ORDER BY element_number), '[]'::jsonb)
			FROM jsonb_array_elements(appended) WITH ORDINALITY AS elements(element, element_number)
			WHERE element_number > excess);
	END IF;
	RETURN appended;
END
$fn$`;
}

/**
 * The change feed's trigger function, run once per statement (see the triggers in migration.ts)
 * over the rows it changed: one notification per changed row that some listener registered in
 * `wfc_change_listeners` wants (its namespace and key prefix, lease not run out), sent from one
 * set-based query rather than a PL/pgSQL call per row. With nobody listening to the table it
 * returns at once: notifying every row of a 10,000-row batch cost about a third of the batch.
 *
 * The registrations are read by a query of their own, which under READ COMMITTED sees every
 * registration committed before it ran, so a listener misses no change whose statement ends
 * after its registration committed.
 *
 * The new value travels in the notification when it fits (NOTIFY payloads are limited to 8000
 * bytes), so each change is delivered with its own value even when a later change of the same key
 * follows at once; a larger value is left out and listeners read it. The value's text is spliced
 * into the rest of the payload so that it is rendered once. The row id is in the payload because
 * PostgreSQL delivers identical payloads of one transaction only once, and a key deleted twice in
 * one batch must still give two notifications. Rows removed because they expired were already
 * invisible, so their deletion is not announced.
 */
// Below NOTIFY's 8000-byte limit, with room for the separator and a multi-byte margin.
const MAX_INLINE_NOTIFICATION_BYTES = 7900;

function notifyChangesFunction(schema: string): string {
	const changedAt = isoTimestamp('now()');
	const separator = ', "value" : ';
	const listeners = `${schema}.${LISTENERS_TABLE}`;
	const wanted = (alias: string) => `EXISTS (SELECT 1 FROM ${listeners} AS l
		WHERE l.channel = TG_ARGV[0] AND l.lease_until > now() AND l.namespace = ${alias}.namespace
			AND starts_with(${alias}.workflow_id, l.key_prefix))`;
	return `CREATE OR REPLACE FUNCTION ${schema}.wfc_notify_changes()
RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM ${listeners} AS l
		WHERE l.channel = TG_ARGV[0] AND l.lease_until > now()) THEN
		RETURN NULL;
	END IF;
	IF TG_OP = 'DELETE' THEN
		PERFORM pg_notify(TG_ARGV[0], json_build_object(
			'id', o.id, 'namespace', o.namespace, 'key', o.workflow_id,
			'operation', 'delete', 'version', 0, 'changedAt', ${changedAt})::text)
		FROM ${CHANGED_ROWS} AS o
		WHERE (o.expires_at IS NULL OR o.expires_at > now()) AND ${wanted('o')};
		RETURN NULL;
	END IF;
	PERFORM pg_notify(TG_ARGV[0], CASE
		WHEN octet_length(p.head) + octet_length(p.value) + ${separator.length} <= ${MAX_INLINE_NOTIFICATION_BYTES}
		THEN left(p.head, -1) || '${separator}' || p.value || '}'
		ELSE p.head END)
	FROM (
		SELECT json_build_object(
			'id', n.id, 'namespace', n.namespace, 'key', n.workflow_id,
			'operation', COALESCE(n.last_operation, 'set'), 'version', n.version,
			'changedAt', ${changedAt})::text AS head,
			n.state_data::text AS value
		FROM ${CHANGED_ROWS} AS n
		WHERE ${wanted('n')}
	) AS p;
	RETURN NULL;
END
$fn$`;
}

/** Statements that (re)create the helper functions in a schema, marked with FUNCTIONS_VERSION. */
export function functionStatements(quotedSchema: string): string[] {
	const comments = [
		`wfc_merge_patch(jsonb, jsonb)`,
		`wfc_update_at(jsonb, jsonb, text, jsonb, integer)`,
		`wfc_update_leaf(jsonb, text, jsonb, integer)`,
		`wfc_notify_changes()`,
	].map(
		(signature) => `COMMENT ON FUNCTION ${quotedSchema}.${signature} IS '${FUNCTIONS_VERSION}'`,
	);

	return [
		mergePatchFunction(quotedSchema),
		updateLeafFunction(quotedSchema),
		updateAtFunction(quotedSchema),
		notifyChangesFunction(quotedSchema),
		...comments,
	];
}
