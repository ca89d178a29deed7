import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A headless Chromium (Debian's `chromium` package) driven over the DevTools protocol with Node's
 * built-in WebSocket: enough to sign in to the n8n editor and capture pages, with no browser
 * download and no dependency. Tooling only; it never ships.
 */
export class HeadlessBrowser {
	private nextId = 1;
	private readonly pending = new Map<number, (message: CdpMessage) => void>();

	// Empty until the page target is attached; browser-level commands are sent without it.
	private sessionId = '';

	private constructor(
		private readonly process: ChildProcess,
		private readonly socket: WebSocket,
		private readonly profile: string,
	) {
		socket.addEventListener('message', (event) => this.receive(String(event.data)));
	}

	/** @throws Error when Chromium is missing or prints no DevTools address within 20 s */
	static async launch(
		width = 1600,
		height = 900,
		binary = process.env.CHROMIUM ?? 'chromium',
	): Promise<HeadlessBrowser> {
		const profile = await mkdtemp(path.join(tmpdir(), 'wfc-chromium-'));
		const child = spawn(
			binary,
			[
				'--headless=new',
				'--no-sandbox',
				'--disable-gpu',
				'--no-first-run',
				// Without these Chromium calls out at start (updates, sync, safe browsing), which this
				// machine's closed network refuses many times over.
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--disable-quic',
				'--remote-debugging-port=0',
				`--user-data-dir=${profile}`,
				`--window-size=${width},${height}`,
				'about:blank',
			],
			{ stdio: ['ignore', 'ignore', 'pipe'] },
		);
		const socket = new WebSocket(await devToolsAddress(child));
		await new Promise((resolve, reject) => {
			socket.addEventListener('open', resolve, { once: true });
			socket.addEventListener('error', reject, { once: true });
		});

		const browser = new HeadlessBrowser(child, socket, profile);
		const { targetId } = (await browser.send('Target.createTarget', { url: 'about:blank' })) as {
			targetId: string;
		};
		const { sessionId } = (await browser.send('Target.attachToTarget', {
			targetId,
			flatten: true,
		})) as { sessionId: string };
		browser.sessionId = sessionId;
		await browser.send('Page.enable');
		await browser.send('Emulation.setDeviceMetricsOverride', {
			width,
			height,
			deviceScaleFactor: 1,
			mobile: false,
		});
		return browser;
	}

	/** Opens a URL and waits until the page stops changing for a moment (n8n renders after load). */
	async open(url: string, settleMs = 2500): Promise<void> {
		await this.send('Page.navigate', { url });
		await this.waitFor('document.readyState === "complete"');
		await sleep(settleMs);
	}

	/** Evaluates a JavaScript expression in the page and returns its JSON value. */
	async evaluate<T>(expression: string): Promise<T> {
		const result = (await this.send('Runtime.evaluate', {
			expression,
			returnByValue: true,
			awaitPromise: true,
		})) as { result: { value: T }; exceptionDetails?: { text: string } };
		if (result.exceptionDetails) {
			throw new Error(`Page script failed: ${result.exceptionDetails.text} (${expression})`);
		}
		return result.result.value;
	}

	/** Polls an expression until it is true. @throws Error after `timeoutMs` */
	async waitFor(expression: string, timeoutMs = 20_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (await this.evaluate<boolean>(`Boolean(${expression})`).catch(() => false)) return;
			await sleep(200);
		}
		throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${expression}`);
	}

	/** Focuses the element matching `selector` and types `text` into it as a person would. */
	async type(selector: string, text: string): Promise<void> {
		await this.waitFor(`document.querySelector(${JSON.stringify(selector)})`);
		await this.evaluate(`document.querySelector(${JSON.stringify(selector)}).focus()`);
		await this.send('Input.insertText', { text });
	}

	async pressEnter(): Promise<void> {
		for (const type of ['keyDown', 'keyUp']) {
			await this.send('Input.dispatchKeyEvent', {
				type,
				key: 'Enter',
				code: 'Enter',
				windowsVirtualKeyCode: 13,
				text: type === 'keyDown' ? '\r' : undefined,
			});
		}
	}

	/** The visible page as PNG bytes. */
	async screenshot(): Promise<Buffer> {
		const { data } = (await this.send('Page.captureScreenshot', { format: 'png' })) as {
			data: string;
		};
		return Buffer.from(data, 'base64');
	}

	async close(): Promise<void> {
		this.socket.close();
		this.process.kill('SIGTERM');
		await new Promise((resolve) => {
			if (this.process.exitCode !== null) resolve(undefined);
			else this.process.once('exit', resolve);
		});
		await rm(this.profile, { recursive: true, force: true });
	}

	private send(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
		const id = this.nextId++;
		const message = {
			id,
			method,
			params,
			...(this.sessionId ? { sessionId: this.sessionId } : {}),
		};
		return new Promise((resolve, reject) => {
			this.pending.set(id, (answer) =>
				answer.error
					? reject(new Error(`${method}: ${answer.error.message}`))
					: resolve(answer.result),
			);
			this.socket.send(JSON.stringify(message));
		});
	}

	private receive(text: string): void {
		const message = JSON.parse(text) as CdpMessage;
		if (message.id === undefined) return;
		this.pending.get(message.id)?.(message);
		this.pending.delete(message.id);
	}
}

interface CdpMessage {
	id?: number;
	sessionId?: string;
	result?: unknown;
	error?: { message: string };
}

function devToolsAddress(child: ChildProcess): Promise<string> {
	return new Promise((resolve, reject) => {
		let output = '';
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`Chromium printed no DevTools address in 20 s. Its output:\n${output}`));
		}, 20_000);
		child.once('error', (error) => {
			clearTimeout(timer);
			reject(
				new Error(
					`Cannot start Chromium (${error.message}). Install it with "apt-get install chromium".`,
				),
			);
		});
		child.stderr?.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			const match = /DevTools listening on (ws:\/\/\S+)/.exec(output);
			if (match) {
				clearTimeout(timer);
				resolve(match[1]);
			}
		});
	});
}
