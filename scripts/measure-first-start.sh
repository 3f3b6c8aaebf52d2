#!/usr/bin/env bash
# What a newcomer waits for: `npm install && npm start` in a fresh clone with an empty cache (a
# fresh HOME: no ~/.cache/n8n-nodes-kick, no ~/.npm), then a second `npm start` in the same clone
# with nothing changed. Each start runs on a pseudo-terminal (`script`), as in a real terminal, and
# counts as done at its "Ready:" line. Prints the figures the README quotes.
#
#   bash scripts/measure-first-start.sh [repository to clone] [work folder]
#
# Defaults: this repository's committed HEAD, /tmp/n8n-nodes-kick-first-start (deleted first).
# Uses port 5678 (N8N_PORT to change it); stops the n8n it started by its process id.
set -euo pipefail

repo=${1:-$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)}
work=${2:-/tmp/n8n-nodes-kick-first-start}
port=${N8N_PORT:-5678}
limit=${MEASURE_LIMIT_SECONDS:-3600}

# Keep the registry the real HOME uses; nothing else of its npm configuration.
registry=$(npm config get registry)
rm -rf "$work"
mkdir -p "$work/home"
export HOME="$work/home" npm_config_registry="$registry" N8N_PORT="$port"
unset XDG_CACHE_HOME N8N_NODES_KICK_CACHE

git clone -q "$repo" "$work/clone"
cd "$work/clone"
echo "clone: $(git log -1 --format='%h %s' | cut -c1-80)"
echo "machine: $(nproc) cores, $(uname -sm), node $(node --version), npm $(npm --version)"
echo "load before: $(uptime)"

seconds_since() { echo $(($(date +%s) - $1)); }

# Runs `npm start` on a pseudo-terminal until its "Ready:" line; prints "<seconds> <lines before it>".
start_until_ready() {
	local out=$1 began pid n8n
	began=$(date +%s)
	script -q -f -e -c "npm start" "$out" > /dev/null 2>&1 &
	pid=$!
	until grep -q '^Ready: ' "$out" 2> /dev/null; do
		if ! kill -0 "$pid" 2> /dev/null; then
			echo "npm start ended before its Ready line; see $out" >&2
			exit 1
		fi
		if [ "$(seconds_since "$began")" -gt "$limit" ]; then
			echo "no Ready line within $limit s; see $out" >&2
			exit 1
		fi
		sleep 1
	done
	local took lines
	took=$(seconds_since "$began")
	# Lines (not redraws) on the terminal before "Ready:", without script's own header line.
	lines=$(tr -d '\r' < "$out" | grep -v '^Script started' | sed '/^Ready: /q' | sed '$d' | wc -l)
	n8n=$(ss -ltnpH "sport = :$port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
	[ -n "$n8n" ] && kill -TERM "$n8n"
	wait "$pid" || true
	echo "$took $lines"
}

began=$(date +%s)
npm install --no-audit --no-fund > "$work/npm-install.log" 2>&1
install_seconds=$(seconds_since "$began")
echo "npm install: ${install_seconds}s ($(wc -l < "$work/npm-install.log") lines of output)"

read -r first first_lines < <(start_until_ready "$work/first-start.out")
echo "first npm start until Ready: ${first}s, ${first_lines} lines before it"

read -r second second_lines < <(start_until_ready "$work/second-start.out")
echo "second npm start until Ready: ${second}s, ${second_lines} lines before it"

echo "load after: $(uptime)"
echo "terminal output: $work/first-start.out, $work/second-start.out; logs: $work/clone/.n8n-dev/npm-start.log"
