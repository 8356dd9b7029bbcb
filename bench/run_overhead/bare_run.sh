#!/usr/bin/env bash
# The baseline of scripts/bench-run: the same two programs as one_client.yaml,
# started by a bare shell script the way a careful grader would (no sleep:
# wait for the server's ready line, run the client, stop the server).
set -euo pipefail
build=$1 port=$2
fifo=$(mktemp -u) && mkfifo "$fifo"
"$build/scenarios/tcp_capitalize_server_iterative" "$port" 127.0.0.1 >"$fifo" &
server=$!
read -r _ <"$fifo"
echo "hello sockets" | "$build/scenarios/tcp_capitalize_client" 127.0.0.1 "$port" >/dev/null
kill "$server"; wait "$server" 2>/dev/null || true
rm -f "$fifo"
