/**
 * Where an execution's time goes, from n8n's own execution records: created → started (the
 * execution row), started → first node, each node, last node → stopped.
 */
import { parse as unflatten } from 'flatted';

import type { N8nApi } from '../test/e2e/n8n-api';
import { median, round } from './load';

interface NodeRun {
	startTime: number;
	executionTime: number;
}

interface ExecutionRecord {
	createdAt: string;
	startedAt: string;
	stoppedAt: string;
	data: string;
}

export interface Timeline {
	executions: number;
	/** Medians, ms. */
	createdToStarted: number;
	startedToFirstNode: number;
	nodes: Record<string, number>;
	/** Between the nodes: end of one to start of the next, summed. */
	betweenNodes: number;
	lastNodeToStopped: number;
	startedToStopped: number;
}

async function nodeRuns(
	api: N8nApi,
	id: string,
): Promise<{ record: ExecutionRecord; runs: Array<[string, NodeRun]> }> {
	const response = await api.http.get(`/rest/executions/${id}`);
	const record = (response.data?.data ?? response.data) as ExecutionRecord;
	const data = unflatten(record.data) as {
		resultData: { runData: Record<string, NodeRun[]> };
	};
	const runs = Object.entries(data.resultData.runData)
		.map(([name, list]): [string, NodeRun] => [name, list[0]])
		.sort((a, b) => a[1].startTime - b[1].startTime);
	return { record, runs };
}

/** The median timeline of the latest `count` executions of a workflow. */
export async function executionTimeline(
	api: N8nApi,
	workflowId: string,
	count: number,
): Promise<Timeline> {
	const summaries = (await api.executions(workflowId)).slice(0, count);
	const columns = new Map<string, number[]>();
	const add = (name: string, value: number) =>
		columns.set(name, [...(columns.get(name) ?? []), value]);
	for (const summary of summaries) {
		const { record, runs } = await nodeRuns(api, summary.id);
		if (!runs.length) continue;
		const started = Date.parse(record.startedAt);
		const stopped = Date.parse(record.stoppedAt);
		add('createdToStarted', started - Date.parse(record.createdAt));
		add('startedToFirstNode', runs[0][1].startTime - started);
		let between = 0;
		runs.forEach(([name, run], index) => {
			add(`node:${name}`, run.executionTime);
			const next = runs[index + 1];
			if (next) between += next[1].startTime - (run.startTime + run.executionTime);
		});
		add('betweenNodes', between);
		const last = runs[runs.length - 1][1];
		add('lastNodeToStopped', stopped - (last.startTime + last.executionTime));
		add('startedToStopped', stopped - started);
	}
	const value = (name: string) => round(median(columns.get(name) ?? []), 1);
	return {
		executions: summaries.length,
		createdToStarted: value('createdToStarted'),
		startedToFirstNode: value('startedToFirstNode'),
		nodes: Object.fromEntries(
			[...columns.keys()]
				.filter((name) => name.startsWith('node:'))
				.map((name) => [name.slice(5), value(name)]),
		),
		betweenNodes: value('betweenNodes'),
		lastNodeToStopped: value('lastNodeToStopped'),
		startedToStopped: value('startedToStopped'),
	};
}
