/**
 * Screenshots of the Kick nodes in the real n8n editor, for the README. Needs Debian's chromium
 * (`apt-get install chromium`) and the dev dependency playwright-core:
 *   node scripts/with-node24.js node -r ./test/support/register-ts.js scripts/screenshots.ts
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { chromium } from 'playwright-core';

import { testCertificates } from '../test/fake-kick/certs';
import { startEnvironment, stopEnvironment } from '../test/e2e/environment';
import type { WorkflowDefinition } from '../test/e2e/n8n-api';

const ROOT = join(__dirname, '..');

async function main(): Promise<void> {
	const env = await startEnvironment(5697);
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	try {
		const created = await env.api.createCredential('Kick account', 'kickOAuth2Api', {
			clientId: env.fake.client.clientId,
			clientSecret: env.fake.client.clientSecret,
		});
		await env.api.connectOAuth2(created.id, testCertificates().caPem);
		const workflow = JSON.parse(
			readFileSync(join(ROOT, 'examples', 'chat-command-bot.json'), 'utf8'),
		) as WorkflowDefinition;
		for (const node of workflow.nodes)
			if (node.credentials)
				node.credentials = { kickOAuth2Api: { id: created.id, name: created.name } };
		const { id } = await env.api.createWorkflow(workflow);

		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		await context.addCookies([
			{ name: 'n8n-auth', value: env.api.sessionCookie, url: env.n8n.baseUrl },
		]);
		const page = await context.newPage();
		await page.goto(`${env.n8n.baseUrl}/workflow/${id}`);
		await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 60_000 });
		await page.waitForTimeout(2000);
		await page.keyboard.press('Escape');
		await page.screenshot({ path: join(ROOT, 'docs', 'chat-command-bot.png') });

		await page
			.locator('[data-test-id="canvas-node"]', { hasText: 'Reply With Uptime Or Title' })
			.dblclick();
		await page.waitForTimeout(2500);
		await page.screenshot({ path: join(ROOT, 'docs', 'kick-node-send-chat-message.png') });
		await page.keyboard.press('Escape');
		await page.waitForTimeout(500);

		await page.locator('[data-test-id="canvas-node"]', { hasText: 'Kick Trigger' }).dblclick();
		await page.waitForTimeout(2500);
		await page.screenshot({ path: join(ROOT, 'docs', 'kick-trigger.png') });
		console.log(
			'written: docs/chat-command-bot.png, docs/kick-node-send-chat-message.png, docs/kick-trigger.png',
		);
	} finally {
		await browser.close();
		await stopEnvironment(env);
	}
}

main().catch((error: Error) => {
	console.error(error);
	process.exit(1);
});
