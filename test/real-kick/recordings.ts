/**
 * Kick's traffic as other projects recorded it from live Kick, read at test time from
 * `../shared/kick/real-kick/` next to the repository (never copied into it: no recorded id, body
 * or signature is committed). Absent folder: `recordings()` answers undefined and the tests say so.
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';

export const RECORDINGS_DIR = join(__dirname, '..', '..', '..', 'shared', 'kick', 'real-kick');

/** One recorded file, as its wrapper describes it (the folder's README). */
export interface Recording {
	file: string;
	kind: 'delivery' | 'response';
	endpoint_or_event: string;
	status: number | null;
	headers: Record<string, string>;
	/** The text as recorded; an object only where the recording was converted (d07). */
	body: string | Record<string, unknown>;
	/** true: exact JSON text; null: converted to JSON by the collectors; false: evidence only. */
	body_is_json_text: boolean | null;
	signature_verified?: boolean;
}

/** A recording whose body can be replayed: its JSON text and the parsed object. */
export interface UsableRecording extends Recording {
	rawBody: string;
	parsed: Record<string, unknown>;
}

export function recordings(dir: string = RECORDINGS_DIR): Recording[] | undefined {
	if (!existsSync(dir)) return undefined;
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, ...JSON.parse(readFileSync(join(dir, file), 'utf8')) }) as Recording);
}

/**
 * The recordings with a body to replay: exact JSON text as is, the converted one (d07) as its
 * compact JSON. Truncated, trimmed or annotated ones are evidence only, never a fixture.
 */
export function usable(all: Recording[]): UsableRecording[] {
	return all.flatMap((recording) => {
		if (recording.body_is_json_text === false) return [];
		const rawBody =
			typeof recording.body === 'string' ? recording.body : JSON.stringify(recording.body);
		return [{ ...recording, rawBody, parsed: JSON.parse(rawBody) as Record<string, unknown> }];
	});
}

/** The line a test prints when the folder is not there, so a run shows what it did not check. */
export const ABSENT = `recorded Kick traffic not checked: ${RECORDINGS_DIR} is absent (it lives next to the repository, never in it)`;

/** Header value of a recording, whatever the case of its name. */
export function recordedHeader(recording: Recording, name: string): string | undefined {
	const key = Object.keys(recording.headers).find((k) => k.toLowerCase() === name.toLowerCase());
	return key === undefined ? undefined : recording.headers[key];
}
