/**
 * The example workflows in examples/, as a streamer would use them: imported into a real n8n,
 * the credential bound, activated, fed signed events by the fake Kick, and their effect checked
 * on the fake (the reply posted, the redemption accepted, the spammer timed out, …). They run
 * against Kick as its docs describe it and as it really answers (the fake's two modes); chat
 * replies go out as the credential's user, which Kick accepts in both.
 */
import { readFileSync } from 'fs';
import http from 'http';
import type { AddressInfo } from 'net';
import { join } from 'path';

import { SEED } from '../fake-kick/server';
import type { E2eEnvironment } from './environment';
import { connectKickAccount, startEnvironment, stopEnvironment } from './environment';
import type { WorkflowDefinition, WorkflowNode } from './n8n-api';
import { waitFor } from './n8n-api';
import type { CredentialRef } from './workflows';

let env: E2eEnvironment;
let credential: CredentialRef;

beforeAll(async () => {
	env = await startEnvironment();
	credential = await connectKickAccount(env);
}, 600_000);

afterAll(async () => {
	await stopEnvironment(env);
});

/** An example as the user would import it, with their credential picked in every Kick node. */
function loadExample(file: string): WorkflowDefinition {
	const workflow = JSON.parse(
		readFileSync(join(__dirname, '..', '..', 'examples', file), 'utf8'),
	) as WorkflowDefinition;
	for (const node of workflow.nodes) {
		if (node.credentials?.kickOAuth2Api) node.credentials = { kickOAuth2Api: credential };
	}
	return workflow;
}

const nodeNamed = (workflow: WorkflowDefinition, name: string): WorkflowNode => {
	const node = workflow.nodes.find((candidate) => candidate.name === name);
	if (!node) throw new Error(`no node ${name}`);
	return node;
};

/** Imports and activates an example; returns its id and the Kick Trigger's production URL. */
async function activateExample(
	workflow: WorkflowDefinition,
): Promise<{ id: string; webhookUrl: string }> {
	const { id } = await env.api.createWorkflow(workflow);
	const activation = await env.api.activate(id);
	expect(activation.status).toBe(200);
	const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-kick.kickTrigger');
	return { id, webhookUrl: `${env.n8n.baseUrl}/webhook/${trigger?.webhookId}/kick` };
}

/** Chat messages Kick delivered (viewers' messages in the fake's chat), apart from the replies. */
const deliveredMessages = new Set<string>();

/** Delivers one event once n8n registered the webhook; answers its chat message id, if any. */
async function deliverUntilRegistered(
	webhookUrl: string,
	type: string,
	overrides: Record<string, unknown>,
): Promise<string | undefined> {
	const sent = await waitFor(`the webhook of ${type}`, async () => {
		const attempt = await env.fake.deliverEvent(webhookUrl, {
			type,
			payloadOptions: { overrides },
		});
		const messageId = (JSON.parse(attempt.delivery.body) as { message_id?: unknown }).message_id;
		if (typeof messageId === 'string') deliveredMessages.add(messageId);
		return attempt.result.status === 404 ? undefined : attempt;
	});
	expect(sent.result.status).toBe(200);
	const messageId = (JSON.parse(sent.delivery.body) as { message_id?: unknown }).message_id;
	return typeof messageId === 'string' ? messageId : undefined;
}

async function successfulExecutions(workflowId: string, count: number): Promise<void> {
	await waitFor(
		`${count} finished executions`,
		async () => {
			const executions = await env.api.executions(workflowId);
			const failed = executions.find((execution) => execution.status === 'error');
			if (failed) {
				const { runData } = await env.api.execution(failed.id);
				const errors = Object.entries(runData).flatMap(([node, runs]) =>
					runs.filter((run) => run.error).map((run) => `${node}: ${run.error?.message}`),
				);
				throw new Error(`execution ${failed.id} failed: ${errors.join('; ')}`);
			}
			return executions.filter((execution) => execution.status === 'success').length >= count
				? true
				: undefined;
		},
		30_000,
	);
}

/** Chat messages the examples' Kick nodes posted: as the streamer (the credential's user), in its channel. */
function repliesSince(before: number) {
	const replies = env.fake.state.chatMessages
		.slice(before)
		.filter((message) => !deliveredMessages.has(message.message_id));
	for (const reply of replies)
		expect(reply).toMatchObject({
			type: 'user',
			sender_user_id: SEED.streamer,
			broadcaster_user_id: SEED.streamer,
		});
	return replies;
}

test('chat command bot replies to !uptime, !title and !socials as the streamer, in reply to the command', async () => {
	const { id, webhookUrl } = await activateExample(loadExample('chat-command-bot.json'));
	const before = env.fake.state.chatMessages.length;
	// Each command is a chat message of its own, with its own id.
	const commands = [
		await deliverUntilRegistered(webhookUrl, 'chat.message.sent', { content: '!uptime' }),
		await deliverUntilRegistered(webhookUrl, 'chat.message.sent', { content: '!title please' }),
		await deliverUntilRegistered(webhookUrl, 'chat.message.sent', { content: '!socials' }),
	];
	await deliverUntilRegistered(webhookUrl, 'chat.message.sent', { content: 'just chatting' });
	await successfulExecutions(id, 4);
	const replies = repliesSince(before);
	const title = env.fake.state.channel(SEED.streamer)?.stream_title;
	// The streamer is live in the fake since 2025-06-01: "Live since 1 year ago" or the like.
	// Executions may finish in any order.
	const contents = replies.map((message) => message.content);
	expect(contents).toHaveLength(3);
	expect(contents).toEqual(
		expect.arrayContaining([
			expect.stringMatching(/^Live since \d+ \w+ ago$/),
			`Title: ${title}`,
			expect.stringContaining('Follow me'),
		]),
	);
	expect(replies.map((message) => message.reply_to_message_id).sort()).toEqual(
		[...commands].sort(),
	);
	await env.api.deactivate(id);
});

test('go-live announcer posts the title and category to the Discord webhook', async () => {
	const posted: unknown[] = [];
	const discord = http.createServer((request, response) => {
		let body = '';
		request.on('data', (chunk: Buffer) => (body += chunk.toString()));
		request.on('end', () => {
			posted.push(JSON.parse(body));
			response.writeHead(204).end();
		});
	});
	await new Promise<void>((resolve) => discord.listen(0, '127.0.0.1', resolve));
	try {
		const workflow = loadExample('go-live-announcer.json');
		nodeNamed(workflow, 'Post To Discord').parameters.url =
			`http://127.0.0.1:${(discord.address() as AddressInfo).port}/api/webhooks/test`;
		const { id, webhookUrl } = await activateExample(workflow);
		await deliverUntilRegistered(webhookUrl, 'livestream.status.updated', {
			is_live: false,
			ended_at: new Date().toISOString(),
		});
		await deliverUntilRegistered(webhookUrl, 'livestream.status.updated', {
			is_live: true,
			ended_at: null,
		});
		await successfulExecutions(id, 2);
		const channel = env.fake.state.channel(SEED.streamer);
		expect(posted).toEqual([
			{ content: expect.stringContaining(`streamer is live: ${channel?.stream_title}`) },
		]);
		expect(JSON.stringify(posted)).toContain('Just Chatting');
		await env.api.deactivate(id);
	} finally {
		discord.close();
	}
});

test('reward redemptions: a song link is accepted, anything else rejected', async () => {
	const { id, webhookUrl } = await activateExample(loadExample('reward-redemptions.json'));
	const [song, other] = env.fake.state.redemptions.filter(
		(redemption) =>
			redemption.status === 'pending' && redemption.reward_id === SEED.rewards.songRequest,
	);
	await deliverUntilRegistered(webhookUrl, 'channel.reward.redemption.updated', {
		id: song.id,
		status: 'pending',
		user_input: 'https://youtube.com/watch?v=dQw4w9WgXcQ',
	});
	await deliverUntilRegistered(webhookUrl, 'channel.reward.redemption.updated', {
		id: other.id,
		status: 'pending',
		user_input: 'play something nice',
	});
	await successfulExecutions(id, 2);
	expect(env.fake.state.redemptions.find((redemption) => redemption.id === song.id)?.status).toBe(
		'accepted',
	);
	expect(env.fake.state.redemptions.find((redemption) => redemption.id === other.id)?.status).toBe(
		'rejected',
	);
	await env.api.deactivate(id);
});

test('moderation deletes a message with a blocked word and times the sender out for 10 minutes', async () => {
	const { id, webhookUrl } = await activateExample(loadExample('moderation-blocked-words.json'));
	const sender = env.fake.samplePayload('chat.message.sent').sender as { user_id: number };
	await deliverUntilRegistered(webhookUrl, 'chat.message.sent', {
		message_id: SEED.chatMessage,
		content: 'Wanna BUY FOLLOWERS cheap?',
	});
	await deliverUntilRegistered(webhookUrl, 'chat.message.sent', { content: 'hello everyone' });
	await successfulExecutions(id, 2);
	expect(
		env.fake.state.chatMessages.find((message) => message.message_id === SEED.chatMessage)
			?.is_deleted,
	).toBe(true);
	expect(env.fake.state.bans).toEqual([
		expect.objectContaining({
			broadcaster_user_id: SEED.streamer,
			user_id: sender.user_id,
			duration: 10,
			reason: 'Blocked word in chat',
		}),
	]);
	await env.api.deactivate(id);
});

test('the schedule sets the stream title and category', async () => {
	const workflow = loadExample('stream-metadata-schedule.json');
	// The example runs daily; here it runs every few seconds so the test need not wait for 17:45.
	nodeNamed(workflow, 'Every Evening').parameters.rule = {
		interval: [{ field: 'seconds', secondsInterval: 2 }],
	};
	env.fake.state.channel(SEED.streamer)!.category_id = 6;
	const { id } = await activateExample(workflow);
	await successfulExecutions(id, 1);
	await env.api.deactivate(id);
	expect(env.fake.state.channel(SEED.streamer)).toEqual(
		expect.objectContaining({
			stream_title: expect.stringMatching(/^Evening chill stream — \w+day$/),
			category_id: 1,
		}),
	);
});

test('event router: one Kick Trigger per app, a Switch on event.type and two published sub-workflows', async () => {
	// The sub-workflows first: n8n 2.x runs only published sub-workflows.
	const subWorkflowIds: Record<string, string> = {};
	for (const file of ['event-router-chat-commands.json', 'event-router-thank-supporters.json']) {
		const { id } = await env.api.createWorkflow(loadExample(file));
		expect((await env.api.activate(id)).status).toBe(200);
		subWorkflowIds[file] = id;
	}
	const router = loadExample('event-router.json');
	const pick = (node: string, file: string) => {
		(nodeNamed(router, node).parameters.workflowId as { value: string }).value =
			subWorkflowIds[file];
	};
	pick('Run Chat Commands', 'event-router-chat-commands.json');
	pick('Run Thank Supporters', 'event-router-thank-supporters.json');
	// Chat commands answer in your channel only (with an app token, More Broadcasters adds others).
	const channelRule = (
		nodeNamed(router, 'Route By Channel').parameters as {
			rules: { values: Array<{ conditions: { conditions: Array<{ rightValue: string }> } }> };
		}
	).rules.values[0].conditions.conditions[0];
	expect(channelRule.rightValue).toBe('REPLACE_WITH_YOUR_CHANNEL_SLUG');
	channelRule.rightValue = 'streamer';
	const before = env.fake.state.chatMessages.length;
	const { id, webhookUrl } = await activateExample(router);

	await deliverUntilRegistered(webhookUrl, 'chat.message.sent', { content: '!hello there' });
	await deliverUntilRegistered(webhookUrl, 'chat.message.sent', { content: 'no command' });
	await deliverUntilRegistered(webhookUrl, 'channel.followed', {});
	await successfulExecutions(id, 3);
	// Each event ran in its sub-workflow: both chat messages in one, the follow in the other.
	await successfulExecutions(subWorkflowIds['event-router-chat-commands.json'], 2);
	await successfulExecutions(subWorkflowIds['event-router-thank-supporters.json'], 1);
	const posted = await waitFor('the two replies', async () => {
		const messages = repliesSince(before);
		return messages.length >= 2 ? messages : undefined;
	});
	const contents = repliesSince(before).map((message) => message.content);
	expect(contents).toHaveLength(2);
	expect(contents).toEqual(
		expect.arrayContaining([
			expect.stringMatching(/^Hello @\S+!$/),
			expect.stringMatching(/^Thanks for the follow, \S+!$/),
		]),
	);
	expect(posted).toHaveLength(2);
	await env.api.deactivate(id);
	for (const subId of Object.values(subWorkflowIds)) await env.api.deactivate(subId);
});
