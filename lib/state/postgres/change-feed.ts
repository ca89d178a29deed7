import { randomUUID } from 'node:crypto';

import { Client, type ClientConfig } from 'pg';

import type { ChangeFilter, StateChange, StateRecord } from '../types';
import { ChangeDelivery, toError, type ChangeRecipient } from './change-delivery';
import {
	LEASE_RENEWAL_MS,
	registerStatement,
	releaseStatement,
	type ListenerRegistration,
} from './change-listeners';
import { quoteIdentifier } from './identifiers';

/** What a change feed needs from its store. */
export interface ChangeFeedOptions {
	/** Settings for the listening connection, which is its own and never a pool's. */
	connection: ClientConfig;
	channel: string;
	/** The quoted schema of the state table, where the listener registrations live. */
	quotedSchema: string;
	/** Reads the current records of some keys of a namespace: where a change's value comes from. */
	readRecords(namespace: string, keys: string[]): Promise<Map<string, StateRecord>>;
	/** Hears about a lost connection, a failed read or a subscriber that threw. */
	onError(error: Error): void;
}

interface Subscriber extends ChangeRecipient {
	/** Its registration's id in the listeners table. */
	listener: string;
}

// Waits before each reconnection attempt, growing while the server stays away.
const RECONNECT_DELAYS_MS = [100, 500, 1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * The change feed of one store: one LISTEN connection shared by all its subscribers, opened by the
 * first and closed when the last leaves. A dropped connection is reopened with growing delays;
 * changes made while it was down are not replayed.
 *
 * The table's trigger notifies only changes some registration wants (see change-listeners.ts), so
 * each subscriber registers its namespace and key prefix once the connection listens, renews the
 * registration while it stays, and removes it when it leaves. Registering after LISTEN, on the same
 * connection, is what makes every change whose statement ends after `subscribe` resolved arrive.
 * What arrives is turned into changes by ChangeDelivery (change-delivery.ts).
 */
export class ChangeFeed {
	private readonly subscribers = new Set<Subscriber>();
	private client: Client | undefined;
	private connecting: Promise<Client> | undefined;
	private reconnectTimer: NodeJS.Timeout | undefined;
	private reconnectAttempts = 0;
	private renewalTimer: NodeJS.Timeout | undefined;
	private readonly feedId = randomUUID();
	private subscriptionCount = 0;
	private readonly delivery: ChangeDelivery;

	constructor(private readonly options: ChangeFeedOptions) {
		this.delivery = new ChangeDelivery({
			recipients: () => this.subscribers,
			readRecords: options.readRecords,
			onError: options.onError,
		});
	}

	/** Adds a subscriber; resolves once the connection is listening. */
	async subscribe(
		filter: ChangeFilter,
		onChange: (change: StateChange) => void,
	): Promise<() => Promise<void>> {
		this.subscriptionCount += 1;
		const listener = `${this.feedId}:${this.subscriptionCount}`;
		const subscriber: Subscriber = { filter, onChange, listener };
		this.subscribers.add(subscriber);
		try {
			await this.register(await this.listen(), [subscriber]);
		} catch (error) {
			await this.unsubscribe(subscriber);
			throw error;
		}
		return () => this.unsubscribe(subscriber);
	}

	/** Drops every subscriber and closes the connection. */
	async close(): Promise<void> {
		const leaving = [...this.subscribers];
		this.subscribers.clear();
		await this.release(leaving);
		await this.stop();
	}

	private async unsubscribe(subscriber: Subscriber): Promise<void> {
		if (!this.subscribers.delete(subscriber)) {
			return;
		}
		await this.release([subscriber]);
		if (this.subscribers.size === 0) {
			await this.stop();
		}
	}

	private async register(client: Client, subscribers: Subscriber[]): Promise<void> {
		if (subscribers.length === 0) {
			return;
		}
		const registrations: ListenerRegistration[] = subscribers.map(({ listener, filter }) => ({
			listener,
			namespace: filter.namespace,
			keyPrefix: filter.keyPrefix ?? '',
		}));
		const { quotedSchema, channel } = this.options;
		const { text, values } = registerStatement(quotedSchema, channel, registrations);
		await client.query(text, values);
	}

	/** Removes registrations; one left behind (connection down) only lasts until its lease ends. */
	private async release(subscribers: Subscriber[]): Promise<void> {
		if (!this.client || subscribers.length === 0) {
			return;
		}
		const { quotedSchema, channel } = this.options;
		const listeners = subscribers.map(({ listener }) => listener);
		const { text, values } = releaseStatement(quotedSchema, channel, listeners);
		await this.client.query(text, values).catch((error: unknown) => {
			this.options.onError(toError(error));
		});
	}

	private listen(): Promise<Client> {
		if (this.client) {
			return Promise.resolve(this.client);
		}
		this.connecting ??= this.connect().finally(() => {
			this.connecting = undefined;
		});
		return this.connecting;
	}

	private async connect(): Promise<Client> {
		const client = new Client(this.options.connection);
		client.on('notification', (message) => this.delivery.receive(message.payload));
		client.on('error', (error) => this.lost(client, error));
		client.on('end', () =>
			this.lost(client, new Error('The change feed lost its connection to PostgreSQL')),
		);
		try {
			await client.connect();
			await client.query(`LISTEN ${quoteIdentifier(this.options.channel)}`);
		} catch (error) {
			await client.end().catch(() => undefined);
			throw error;
		}
		this.client = client;
		this.reconnectAttempts = 0;
		this.renewRegistrations(client);
		return client;
	}

	private renewRegistrations(client: Client): void {
		clearInterval(this.renewalTimer);
		this.renewalTimer = setInterval(() => {
			this.register(client, [...this.subscribers]).catch((error: unknown) => {
				this.options.onError(toError(error));
			});
		}, LEASE_RENEWAL_MS);
		// Renewal is not a reason to keep a process alive; whoever subscribed is.
		this.renewalTimer.unref();
	}

	private async stop(): Promise<void> {
		clearTimeout(this.reconnectTimer);
		this.reconnectTimer = undefined;
		await this.connecting?.catch(() => undefined);
		// Someone subscribed again while the connection was being opened: it stays.
		if (this.subscribers.size > 0) {
			return;
		}
		clearInterval(this.renewalTimer);
		this.renewalTimer = undefined;
		const client = this.client;
		this.client = undefined;
		await client?.end().catch(() => undefined);
	}

	private lost(client: Client, error: Error): void {
		// Only the current connection counts; a closed or replaced one has nothing left to say.
		if (this.client !== client) {
			return;
		}
		this.client = undefined;
		clearInterval(this.renewalTimer);
		this.renewalTimer = undefined;
		void client.end().catch(() => undefined);
		this.options.onError(error);
		this.scheduleReconnect();
	}

	private scheduleReconnect(): void {
		if (this.subscribers.size === 0 || this.reconnectTimer) {
			return;
		}
		const delay =
			RECONNECT_DELAYS_MS[Math.min(this.reconnectAttempts, RECONNECT_DELAYS_MS.length - 1)];
		this.reconnectAttempts += 1;
		this.reconnectTimer = setTimeout(() => {
			this.reconnectTimer = undefined;
			// The registrations are still there unless their lease ran out while the server was
			// away; renewing them at once covers that case.
			this.reconnectNow().catch((error: unknown) => {
				this.options.onError(toError(error));
				this.scheduleReconnect();
			});
		}, delay);
		// The feed is not a reason to keep a process alive; whoever subscribed is.
		this.reconnectTimer.unref();
	}

	private async reconnectNow(): Promise<void> {
		await this.register(await this.listen(), [...this.subscribers]);
	}
}
