// `npm run screenshots [-- file.json ...]`: imports workflow files into a fresh n8n (default: every
// file in workflows/), opens each in the real editor with headless Chromium and saves the canvas as
// docs/images/<file name>.png, the pictures the README shows. Needs Debian's chromium package.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { PACKAGE_ROOT, consoleLogger, startN8n, type N8nInstance } from '../tools/n8n-host';
import { HeadlessBrowser } from '../tools/screenshots/headless-browser';

const OUTPUT_FOLDER = path.join(PACKAGE_ROOT, 'docs', 'images');

async function main(requested: string[]): Promise<void> {
	const files =
		requested.length > 0 ? requested.map((file) => path.resolve(file)) : await allWorkflowFiles();
	const n8n = await startN8n({ log: consoleLogger });
	const browser = await HeadlessBrowser.launch().catch(async (error: unknown) => {
		await n8n.stop();
		throw error;
	});
	try {
		const workflows = await n8n.importWorkflows(files);
		await signIn(browser, n8n);
		await mkdir(OUTPUT_FOLDER, { recursive: true });
		for (const workflow of workflows) {
			await browser.open(`${n8n.baseUrl}/workflow/${workflow.id}`);
			await browser.waitFor('document.querySelector(".vue-flow__node")');
			await browser
				.waitFor('document.querySelector(\'[data-test-id="suggested-actions-close"]\')', 5_000)
				.catch(() => undefined);
			// Fit the whole workflow into the view, as the editor's "zoom to fit" (key 1) does.
			await browser.evaluate('document.dispatchEvent(new KeyboardEvent("keydown", { key: "1" }))');
			await browser.evaluate(DISMISS_CHECKLIST);
			await new Promise((resolve) => setTimeout(resolve, 800));
			const target = path.join(OUTPUT_FOLDER, `${path.basename(workflow.file, '.json')}.png`);
			await writeFile(target, await browser.screenshot());
			consoleLogger(`saved ${path.relative(PACKAGE_ROOT, target)} (${workflow.name})`);
		}
	} finally {
		await browser.close();
		await n8n.stop();
	}
}

// n8n 2.x opens a "Production Checklist" card over the canvas of a published workflow.
const DISMISS_CHECKLIST = `document.querySelector('[data-test-id="suggested-actions-close"]')?.click()`;

async function allWorkflowFiles(): Promise<string[]> {
	const folder = path.join(PACKAGE_ROOT, 'workflows');
	return (await readdir(folder))
		.filter((file) => file.endsWith('.json'))
		.map((file) => path.join(folder, file));
}

async function signIn(browser: HeadlessBrowser, n8n: N8nInstance): Promise<void> {
	await browser.open(`${n8n.baseUrl}/signin`);
	await browser.type('input[type="email"], input[name="emailOrLdapLoginId"]', n8n.owner.email);
	await browser.type('input[type="password"]', n8n.owner.password);
	await browser.pressEnter();
	await browser.waitFor('!location.pathname.startsWith("/signin")');
}

main(process.argv.slice(2)).catch((error: unknown) => {
	consoleLogger(error instanceof Error ? (error.stack ?? error.message) : String(error));
	process.exit(1);
});
