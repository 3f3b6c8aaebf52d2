/*
 * What `npm start` and `node scripts/n8n.js install` show while they work: one line per step that
 * redraws itself on a terminal (step, elapsed time, what it has done so far), or whole lines in
 * plain mode (CI, pipes, TERM=dumb). The commands' own output goes to a log file, whose tail is
 * shown when a step fails.
 *
 * The pure parts (mode, formatting, reading npm's and n8n's lines) are exported for the tests;
 * Progress and runLogged are the shell around them.
 */
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');

/** Time between two whole progress lines in plain mode (CI logs show it is still working). */
const PLAIN_HEARTBEAT_MS = 30_000;
/** Lines of the log shown when a step fails. */
const FAILURE_TAIL_LINES = 40;

const isOn = (value) => value !== undefined && value !== '' && value !== '0' && value !== 'false';

/**
 * 'tty' redraws one line; 'plain' prints whole lines. N8N_NODES_KICK_PROGRESS=plain|tty forces
 * either; CI, a stream that is not a terminal and TERM=dumb get plain.
 */
function progressMode({ isTTY, env }) {
	const forced = env.N8N_NODES_KICK_PROGRESS;
	if (forced === 'plain' || forced === 'tty') return forced;
	if (!isTTY || isOn(env.CI) || env.TERM === 'dumb') return 'plain';
	return 'tty';
}

/** 9s, 1m 05s, 12m 00s. */
function formatDuration(ms) {
	const seconds = Math.max(0, Math.floor(ms / 1000));
	if (seconds < 60) return `${seconds}s`;
	return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
}

const formatNumber = (n) => n.toLocaleString('en-US');

/** "812 of 2,364 packages", or "812 packages" when the total is not known. */
function formatCount({ done, total, unit }) {
	return total
		? `${formatNumber(done)} of ${formatNumber(total)} ${unit}`
		: `${formatNumber(done)} ${unit}`;
}

/**
 * "[2/5] Installing n8n 2.41.0 · 1m 05s · 812 of 2,364 packages", cut to the terminal's width.
 * counts: [{ done, total?, unit }]; those at zero are left out.
 */
function formatProgressLine({ step, steps, title, elapsedMs, counts = [], width }) {
	const parts = [`[${step}/${steps}] ${title}`, formatDuration(elapsedMs)];
	for (const count of counts) if (count.done > 0) parts.push(formatCount(count));
	const line = parts.join(' · ');
	return width && line.length > width ? `${line.slice(0, Math.max(0, width - 1))}…` : line;
}

/**
 * What one line of npm's output (at --loglevel=http) got: { kind: 'package', url } for a tarball,
 * { kind: 'manifest', url } for a package's metadata, from the registry or npm's cache; undefined
 * for anything else (failed attempts, warnings). npm may log one URL twice: count URLs, not lines.
 * e.g. "npm http fetch GET 200 https://registry.npmjs.org/n8n/-/n8n-2.41.0.tgz 812ms (cache miss)",
 * "npm http cache uuid@https://registry.npmjs.org/uuid/-/uuid-10.0.0.tgz 0ms (cache hit)"
 */
function npmFetched(line) {
	const match = /\bhttp (?:fetch GET (?:200|304)|cache) \S*?(https?:\/\/\S+)/.exec(line);
	if (!match) return undefined;
	const url = match[1];
	return { kind: /\.tgz(?:$|\?)/.test(url) ? 'package' : 'manifest', url };
}

/** node-gyp's make prints one "CC(target)"/"CXX(target)" line per file it compiles. */
const compiledFile = (line) => /^\s*(?:CC|CXX)\(target\) /.test(line);

/** n8n prints "Finished migration <name>" for each database migration it ran. */
const finishedMigration = (line) => /^Finished migration \S/.test(line);

/** n8n's own line once its editor is served (2.x and 1.x). */
const editorAccessible = (line) => /Editor is now accessible via/.test(line);

/** The last n lines of a text, without the empty line after its final newline. */
function tailLines(text, n) {
	const lines = text.split('\n');
	if (lines[lines.length - 1] === '') lines.pop();
	return lines.slice(-n);
}

/** Calls onLine with each whole line of a stream's text. */
function eachLine(stream, onLine) {
	let rest = '';
	stream.on('data', (chunk) => {
		const lines = (rest + chunk.toString('utf8')).split('\n');
		rest = lines.pop();
		lines.forEach(onLine);
	});
	stream.on('end', () => rest && onLine(rest));
}

/**
 * The steps of one run, shown on `stream` (stderr). begin() starts a step, count() adds to what it
 * has done, end()/skip() close it with one line that stays, fail() shows the log's tail. run()
 * runs a command into the log; the processes it runs (and those given to track()) are stopped
 * with stopAll().
 */
class Progress {
	constructor({ steps, logFile, stream = process.stderr, env = process.env }) {
		this.steps = steps;
		this.logFile = logFile;
		this.stream = stream;
		this.mode = progressMode({ isTTY: Boolean(stream.isTTY), env });
		this.logFd = fs.openSync(logFile, 'w');
		this.step = 0;
		this.current = undefined;
		this.drawn = false;
		this.children = new Set();
	}

	/** Runs a command with its output appended to the log; each whole line also goes to onLine. */
	run(command, args, { cwd, env, onLine = () => {} }) {
		this.log(`\n$ ${command} ${args.join(' ')}   (in ${cwd})\n`);
		const child = this.track(spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }));
		for (const stream of [child.stdout, child.stderr]) {
			stream.on('data', (chunk) => this.log(chunk));
			eachLine(stream, onLine);
		}
		return new Promise((resolve, reject) => {
			child.on('error', reject);
			child.on('close', (code, signal) => {
				if (code === 0) return resolve();
				const how = signal ? `signal ${signal}` : `exit ${code}`;
				reject(new Error(`${command} ${args.join(' ')} failed (${how})`));
			});
		});
	}

	/** A child process to stop with stopAll(). */
	track(child) {
		this.children.add(child);
		child.on('close', () => this.children.delete(child));
		return child;
	}

	/** Sends signal to every running child; resolves once they closed (or after 20 s). */
	stopAll(signal) {
		const children = [...this.children];
		children.forEach((child) => child.kill(signal));
		const closed = children.map((child) => new Promise((resolve) => child.on('close', resolve)));
		const late = new Promise((resolve) => setTimeout(resolve, 20_000).unref());
		return Promise.race([Promise.all(closed), late]);
	}

	/** A line of its own (above the progress line on a terminal). */
	say(message) {
		this.clear();
		this.stream.write(`${message}\n`);
		this.draw();
	}

	begin(title, counts = {}) {
		this.step += 1;
		this.current = { title, started: Date.now(), counts, lastPlain: Date.now() };
		this.log(`\n== [${this.step}/${this.steps}] ${title}\n`);
		if (this.mode === 'plain') this.stream.write(`${this.line()}\n`);
		this.timer = setInterval(() => this.tick(), 1000);
		this.timer.unref();
		this.draw();
	}

	/** Adds n to the step's count of `key` (e.g. 'package'). */
	count(key, n = 1) {
		const counter = this.current?.counts[key];
		if (!counter) return;
		counter.done += n;
		const now = Date.now();
		if (this.mode === 'tty' && now - (this.lastDraw ?? 0) > 200) this.draw();
	}

	end(summary) {
		const { title, started } = this.current;
		this.finish(
			`[${this.step}/${this.steps}] ${summary ?? title} · ${formatDuration(Date.now() - started)}`,
			true,
		);
	}

	skip(summary) {
		this.step += 1;
		this.log(`\n== [${this.step}/${this.steps}] ${summary}\n`);
		this.say(`[${this.step}/${this.steps}] ${summary}`);
	}

	fail(error) {
		const step = this.current ? `[${this.step}/${this.steps}] ${this.current.title}: ` : '';
		this.log(`\n${error.stack ?? error.message}\n`);
		this.finish(`${step}failed: ${error.message}`, false);
		const tail = tailLines(fs.readFileSync(this.logFile, 'utf8'), FAILURE_TAIL_LINES);
		this.stream.write(
			`\n--- last ${tail.length} lines of ${this.logFile} ---\n${tail.join('\n')}\n---\nFull log: ${this.logFile}\n`,
		);
	}

	/** Appends text to the log only (nothing once the log is closed). */
	log(text) {
		if (this.logFd !== undefined) fs.writeSync(this.logFd, text);
	}

	finish(line, withCounts) {
		clearInterval(this.timer);
		const counts = withCounts ? this.countsText() : '';
		this.current = undefined;
		this.say(`${line}${counts}`);
	}

	countsText() {
		const counts = Object.values(this.current.counts).filter((count) => count.done > 0);
		return counts.map((count) => ` · ${formatCount(count)}`).join('');
	}

	line() {
		const { title, started, counts } = this.current;
		return formatProgressLine({
			step: this.step,
			steps: this.steps,
			title,
			elapsedMs: Date.now() - started,
			counts: Object.values(counts),
			width: this.mode === 'tty' ? (this.stream.columns || 80) - 1 : undefined,
		});
	}

	tick() {
		if (!this.current) return;
		if (this.mode === 'tty') this.draw();
		else if (Date.now() - this.current.lastPlain >= PLAIN_HEARTBEAT_MS) {
			this.current.lastPlain = Date.now();
			this.stream.write(`${this.line()}\n`);
		}
	}

	draw() {
		if (this.mode !== 'tty' || !this.current) return;
		this.lastDraw = Date.now();
		this.stream.write(`\r\x1b[K${this.line()}`);
		this.drawn = true;
	}

	clear() {
		if (this.drawn) this.stream.write('\r\x1b[K');
		this.drawn = false;
	}

	close() {
		clearInterval(this.timer);
		this.clear();
		if (this.logFd !== undefined) fs.closeSync(this.logFd);
		this.logFd = undefined;
	}
}

module.exports = {
	Progress,
	eachLine,
	progressMode,
	formatDuration,
	formatCount,
	formatProgressLine,
	npmFetched,
	compiledFile,
	finishedMigration,
	editorAccessible,
	tailLines,
};
