/** The cost of checking one Kick signature, in this process: the trigger's verify vs bare crypto. */
import { createPublicKey, generateKeyPairSync, sign, verify } from 'crypto';

import { verifyKickSignature } from '../nodes/KickTrigger/signature';
import { round } from './load';

export function signatureBenchmark(verifications: number): {
	kickVerifyMicros: number;
	rawVerifyMicros: number;
	pemParseEachMicros: number;
} {
	const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const body = Buffer.from(
		JSON.stringify({
			message_id: 'm',
			content: 'Hello [emote:4148074:HYPERCLAP]',
			broadcaster: { user_id: 1001 },
			sender: { user_id: 2001 },
			emotes: [],
			created_at: '2025-01-14T16:08:06Z',
		}),
	);
	const messageId = '01JGFJJZ010000000000000001';
	const timestamp = new Date().toISOString();
	const signed = Buffer.concat([Buffer.from(`${messageId}.${timestamp}.`), body]);
	const signature = sign('sha256', signed, privateKey).toString('base64');
	const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
	const message = { messageId, timestamp, rawBody: body, signature };
	const time = (iterations: number, run: () => boolean) => {
		for (let i = 0; i < 200; i++) run();
		const started = process.hrtime.bigint();
		for (let i = 0; i < iterations; i++) if (!run()) throw new Error('verification failed');
		return round(Number(process.hrtime.bigint() - started) / 1e3 / iterations, 1);
	};
	const rawSignature = Buffer.from(signature, 'base64');
	return {
		kickVerifyMicros: time(verifications, () => verifyKickSignature(publicKey, message)),
		rawVerifyMicros: time(verifications, () => verify('sha256', signed, publicKey, rawSignature)),
		pemParseEachMicros: time(Math.ceil(verifications / 10), () =>
			verify('sha256', signed, createPublicKey(pem), rawSignature),
		),
	};
}
