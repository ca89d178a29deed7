// `npm run screenshots`: starts the registration system of workflows/ (n8n with the package, the
// signing credential and every workflow imported and active), opens each workflow in the real
// editor with headless Chromium and saves the canvas as docs/images/<file name>.png, the pictures
// the README shows. Needs Debian's chromium package.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { PACKAGE_ROOT, consoleLogger, type N8nInstance } from '../tools/n8n-host';
import { startRegistrationSystem } from '../tools/registration-system';
import { HeadlessBrowser } from '../tools/screenshots/headless-browser';

const OUTPUT_FOLDER = path.join(PACKAGE_ROOT, 'docs', 'images');

async function main(): Promise<void> {
	const system = await startRegistrationSystem({ log: consoleLogger });
	const { n8n, workflows } = system;
	const browser = await HeadlessBrowser.launch().catch(async (error: unknown) => {
		await system.stop();
		throw error;
	});
	try {
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
		await system.stop();
	}
}

// n8n 2.x opens a "Production Checklist" card over the canvas of a published workflow.
const DISMISS_CHECKLIST = `document.querySelector('[data-test-id="suggested-actions-close"]')?.click()`;

async function signIn(browser: HeadlessBrowser, n8n: N8nInstance): Promise<void> {
	await browser.open(`${n8n.baseUrl}/signin`);
	await browser.type('input[type="email"], input[name="emailOrLdapLoginId"]', n8n.owner.email);
	await browser.type('input[type="password"]', n8n.owner.password);
	await browser.pressEnter();
	await browser.waitFor('!location.pathname.startsWith("/signin")');
}

main().catch((error: unknown) => {
	consoleLogger(error instanceof Error ? (error.stack ?? error.message) : String(error));
	process.exit(1);
});
