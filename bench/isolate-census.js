/**
 * Preloaded into n8n's process by `npm run bench -- --isolate-census` (never into the task
 * runner): counts, without changing anything, how often n8n takes an expression isolate and from
 * where, and how many isolates it builds (each build: a new V8 isolate plus n8n's runtime bundle).
 * Written to $BENCH_ISOLATE_CENSUS_FILE as JSON, at most every 200 ms while something changed.
 * Reads n8n 2.41's internals (Expression.prototype.acquireIsolate, the evaluator's pool); when
 * they are not there, the file says so.
 */
'use strict';
const Module = require('module');
const fs = require('fs');

const file = process.env.BENCH_ISOLATE_CENSUS_FILE;
const census = {
	available: false,
	acquiresBySite: {},
	newlyAcquired: 0,
	releases: 0,
	bridgesBuilt: 0,
	/** Wall time of the builds made through the pool or acquire() (async), and how many. */
	bridgeBuildMs: 0,
	timedBuilds: 0,
	/** Builds on the caller's path (pool empty): the acquiring execution waits for them. */
	coldBuilds: 0,
};
let dirty = true;

function flush() {
	if (!dirty || !file) return;
	dirty = false;
	fs.writeFileSync(file, JSON.stringify(census));
}
setInterval(flush, 200).unref();
process.on('exit', flush);

/** The first stack frame outside n8n-workflow: which part of n8n asked for an isolate. */
function callSite() {
	const frames = (new Error().stack || '').split('\n').slice(2);
	for (const frame of frames) {
		if (frame.includes('isolate-census') || frame.includes('/n8n-workflow/')) continue;
		const match = /(?:node_modules\/)([^:)]+):(\d+)/.exec(frame);
		if (match) return `${match[1]}:${match[2]}`;
	}
	return 'unknown';
}

/** Set while the pool or acquire() builds ahead of use; a build outside them is a lazy cold start. */
let buildingAhead = false;

function timedBuild(build, cold) {
	return async function (...args) {
		const started = performance.now();
		buildingAhead = true;
		let pending;
		try {
			// The bridge is constructed synchronously, before the first await of `build`.
			pending = build.apply(this, args);
		} finally {
			buildingAhead = false;
		}
		const bridge = await pending;
		if (cold) census.coldBuilds++;
		census.bridgeBuildMs += performance.now() - started;
		census.timedBuilds++;
		dirty = true;
		return bridge;
	};
}

function instrumentEvaluator(Expression) {
	const evaluator = Expression.vmEvaluator;
	if (!evaluator || evaluator.__censused || !evaluator.pool || !evaluator.config) return;
	evaluator.__censused = true;
	// Every bridge starts as config.createBridge(): counted there, whichever path asked.
	const construct = evaluator.config.createBridge;
	evaluator.config.createBridge = function (...args) {
		census.bridgesBuilt++;
		// Under N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE an empty pool is met by a synchronous build.
		if (!buildingAhead) census.coldBuilds++;
		dirty = true;
		return construct.apply(this, args);
	};
	// The pool builds ahead (replenish); acquire() builds on the spot when the pool is empty.
	evaluator.pool.createBridge = timedBuild(evaluator.pool.createBridge, false);
	evaluator.createBridge = timedBuild(evaluator.createBridge, true);
	census.available = true;
	dirty = true;
}

function instrument(workflowModule) {
	const { Expression } = workflowModule;
	if (!Expression || Expression.prototype.__censused) return;
	Expression.prototype.__censused = true;
	const acquire = Expression.prototype.acquireIsolate;
	const release = Expression.prototype.releaseIsolate;
	const init = Expression.initExpressionEngine;
	Expression.initExpressionEngine = async function (...args) {
		const result = await init.apply(this, args);
		instrumentEvaluator(Expression);
		return result;
	};
	Expression.prototype.acquireIsolate = async function () {
		instrumentEvaluator(Expression);
		const site = callSite();
		census.acquiresBySite[site] = (census.acquiresBySite[site] || 0) + 1;
		dirty = true;
		const acquired = await acquire.call(this);
		if (acquired) census.newlyAcquired++;
		return acquired;
	};
	Expression.prototype.releaseIsolate = async function () {
		census.releases++;
		dirty = true;
		return await release.call(this);
	};
}

const load = Module._load;
Module._load = function (request, parent, isMain) {
	const exported = load.apply(this, [request, parent, isMain]);
	if (request === 'n8n-workflow' && exported && exported.Expression) instrument(exported);
	return exported;
};
