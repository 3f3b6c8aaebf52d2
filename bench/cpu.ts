/**
 * CPU time of n8n's processes from /proc (Linux): its main process (split into the main thread,
 * where JavaScript runs, and its other threads: expression isolates, libuv, GC helpers) and the
 * rest of its process group (the task runner that runs Code nodes).
 */
import { execFileSync } from 'child_process';
import { readdirSync, readFileSync } from 'fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
	if (ticksPerSecond === undefined) {
		try {
			ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
		} catch {
			ticksPerSecond = 100;
		}
		if (!Number.isFinite(ticksPerSecond) || ticksPerSecond <= 0) ticksPerSecond = 100;
	}
	return ticksPerSecond;
}

interface StatFields {
	pgrp: number;
	/** utime + stime, in ms. */
	ownMs: number;
	/** cutime + cstime (children already waited for), in ms. */
	childrenMs: number;
}

/** Fields of /proc/<pid>/stat (or a task's stat), or undefined when it is gone. */
function readStat(path: string): StatFields | undefined {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch {
		return undefined;
	}
	// The command name may hold spaces and parentheses: the fields start after the last ')'.
	const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
	const ms = (index: number) => (Number(fields[index]) * 1000) / clockTicks();
	return {
		pgrp: Number(fields[2]),
		ownMs: ms(11) + ms(12),
		childrenMs: ms(13) + ms(14),
	};
}

export interface CpuSnapshot {
	/** performance.now() when taken. */
	at: number;
	/** n8n's main process, all its threads (including threads that already ended). */
	processMs: number;
	/** Its main thread alone: the event loop, where n8n's and the nodes' JavaScript runs. */
	mainThreadMs: number;
	/** Other processes of its process group (the task runner), per pid, plus reaped children. */
	others: Map<number, number>;
	reapedChildrenMs: number;
}

export function snapshotCpu(pid: number): CpuSnapshot {
	const main = readStat(`/proc/${pid}/stat`);
	const mainThread = readStat(`/proc/${pid}/task/${pid}/stat`);
	const others = new Map<number, number>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry) || Number(entry) === pid) continue;
		const stat = readStat(`/proc/${entry}/stat`);
		if (stat && stat.pgrp === pid) others.set(Number(entry), stat.ownMs);
	}
	return {
		at: performance.now(),
		processMs: main?.ownMs ?? 0,
		mainThreadMs: mainThread?.ownMs ?? 0,
		others,
		reapedChildrenMs: main?.childrenMs ?? 0,
	};
}

export interface CpuUsed {
	/** n8n's main process. */
	processMs: number;
	mainThreadMs: number;
	otherThreadsMs: number;
	/** The task runner (and any other child in n8n's process group). */
	runnerMs: number;
}

export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): CpuUsed {
	let runnerMs = after.reapedChildrenMs - before.reapedChildrenMs;
	for (const [pid, ms] of after.others) runnerMs += ms - (before.others.get(pid) ?? 0);
	const processMs = after.processMs - before.processMs;
	const mainThreadMs = after.mainThreadMs - before.mainThreadMs;
	return { processMs, mainThreadMs, otherThreadsMs: processMs - mainThreadMs, runnerMs };
}

export function totalMs(used: CpuUsed): number {
	return used.processMs + used.runnerMs;
}

/**
 * Waits until n8n's process group has gone quiet (under `busyMs` of CPU in `windowMs`), so the
 * work a load left behind (executions finishing, saving) is counted with that load, not the
 * next. Returns the snapshot at the end of the quiet window and when that window began.
 */
export async function waitUntilIdle(
	pid: number,
	{ windowMs = 150, busyMs = 15, timeoutMs = 60_000 } = {},
): Promise<{ snapshot: CpuSnapshot; quietSince: number }> {
	const deadline = performance.now() + timeoutMs;
	let previous = snapshotCpu(pid);
	for (;;) {
		await new Promise((resolve) => setTimeout(resolve, windowMs));
		const current = snapshotCpu(pid);
		const used = totalMs(cpuBetween(previous, current));
		if (used <= busyMs || performance.now() > deadline)
			return { snapshot: current, quietSince: previous.at };
		previous = current;
	}
}

/** The 1-minute load average, to record how busy the machine was. */
export function loadAverage(): number {
	try {
		return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
	} catch {
		return NaN;
	}
}
