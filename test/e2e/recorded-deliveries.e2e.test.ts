/**
 * Kick's deliveries as they were recorded from live Kick (`../shared/kick/real-kick/`, read at
 * run time, never copied here), each sent to an active Kick Trigger in a real n8n: its bytes as
 * recorded, signed with the fake Kick's key at a fresh time, the Kick-Event-Subscription-Id header
 * only where the recording had one. Each runs its workflow once, and the item has the README's
 * fields with every field Kick sent as Kick sent it. Runs with the fake in recorded mode only.
 */
import {
	connectKickAccount,
	type E2eEnvironment,
	startEnvironment,
	stopEnvironment,
} from './environment';
import { waitFor } from './n8n-api';
import { type CredentialRef, kickTriggerWorkflow } from './workflows';
import {
	ABSENT,
	recordedHeader,
	recordings,
	type UsableRecording,
	usable,
} from '../real-kick/recordings';

/** The README's fields of each recorded event type ("Output of each event"). */
const README_FIELDS: Record<string, string[]> = {
	'chat.message.sent': ['message_id', 'broadcaster', 'sender', 'content', 'emotes'],
	'channel.followed': ['broadcaster', 'follower'],
	'livestream.status.updated': ['broadcaster', 'is_live', 'title', 'started_at', 'ended_at'],
	'livestream.metadata.updated': [
		'broadcaster',
		'metadata.title',
		'metadata.language',
		'metadata.has_mature_content',
		'metadata.category.id',
		'metadata.category.name',
		'metadata.category.thumbnail',
	],
};

const all = recordings();

if (!all) {
	test.todo(ABSENT);
	process.stdout.write(`${ABSENT}\n`);
} else {
	const deliveries = usable(all).filter((recording) => recording.kind === 'delivery');
	let env: E2eEnvironment;
	const credentials = new Map<number, CredentialRef>();

	beforeAll(async () => {
		env = await startEnvironment();
	}, 600_000);

	afterAll(async () => {
		await stopEnvironment(env);
	});

	/** A Kick credential of the recorded broadcaster (Kick's OAuth flow, as that user). */
	async function credentialOf(recording: UsableRecording): Promise<CredentialRef> {
		const broadcaster = recording.parsed.broadcaster as { user_id: number; username: string };
		const known = credentials.get(broadcaster.user_id);
		if (known) return known;
		env.fake.state.users.push({
			user_id: broadcaster.user_id,
			name: broadcaster.username,
			email: '',
			profile_picture: '',
			is_verified: false,
		});
		env.fake.setAuthorizeUser(broadcaster.user_id);
		const credential = await connectKickAccount(env, `Kick ${broadcaster.username}`);
		credentials.set(broadcaster.user_id, credential);
		return credential;
	}

	test('the fake answers as live Kick does', () => {
		expect(env.fake.mode).toBe('recorded');
		expect(deliveries.length).toBeGreaterThanOrEqual(7);
	});

	test.each(deliveries.map((recording) => [recording.file, recording] as const))(
		'%s runs its workflow once, with the README’s fields',
		async (_file, recording) => {
			const type = recording.endpoint_or_event;
			const credential = await credentialOf(recording);
			const { workflow, webhookId } = kickTriggerWorkflow(
				`Recorded ${recording.file}`,
				{ events: [type] },
				credential,
				2,
			);
			const { id } = await env.api.createWorkflow(workflow);
			expect((await env.api.activate(id)).status).toBe(200);
			try {
				const url = `${env.n8n.baseUrl}/webhook/${webhookId}/kick`;
				const delivery = env.fake.signDelivery({
					type,
					payload: recording.rawBody,
					subscriptionId:
						recordedHeader(recording, 'Kick-Event-Subscription-Id') === undefined
							? null
							: undefined,
				});
				const answer = await waitFor('the production webhook', async () => {
					const result = await env.fake.deliver(url, delivery);
					return result.status === 404 ? undefined : result;
				});
				expect(answer.status).toBe(200);
				const [execution] = await waitFor('one successful execution', async () => {
					const runs = await env.api.executions(id);
					return runs.length === 1 && runs[0].status === 'success' ? runs : undefined;
				});
				const [item, ...more] = await env.api.nodeOutput(execution.id, 'Kick Trigger');
				expect(more).toEqual([]);
				for (const field of README_FIELDS[type] ?? []) expect(item).toHaveProperty(field);
				const sent = recording.parsed;
				const metadata = sent.metadata as Record<string, unknown> | undefined;
				expect(item).toEqual({
					...sent,
					...(type === 'chat.message.sent' && sent.emotes === null
						? { emotes: expect.any(Array) }
						: {}),
					...(metadata?.Category ? { metadata: { ...metadata, category: metadata.Category } } : {}),
					event: expect.objectContaining({
						type,
						messageId: delivery.headers['Kick-Event-Message-Id'],
						subscriptionId: delivery.headers['Kick-Event-Subscription-Id'] ?? null,
						late: false,
					}),
				});
				// Nothing else ran: one delivery, one execution.
				await new Promise((resolve) => setTimeout(resolve, 1000));
				expect(await env.api.executions(id)).toHaveLength(1);
			} finally {
				await env.api.deactivate(id);
			}
		},
	);
}
