#!/bin/sh
# `make run`: the gateway with examples/gateway.toml, its web UI, and a next hop
# that writes delivered mail to var/delivered/. Stop with Ctrl-C.
# Usage: examples/run.sh [VENV] [CONFIG]
set -eu
VENV=${1:-.venv}
CONFIG=${2:-examples/gateway.toml}
GW="$VENV/bin/gateway"
mkdir -p var/delivered
"$GW" config check --config "$CONFIG"
"$GW" sink --listen 127.0.0.1:10026 --dir var/delivered &
SINK=$!
"$GW" web --config "$CONFIG" &
WEB=$!
trap 'kill "$SINK" "$WEB" 2>/dev/null; wait "$SINK" "$WEB" 2>/dev/null || true' EXIT INT TERM
cat <<MSG

  Relay:   127.0.0.1:10025  (try: swaks --server 127.0.0.1:10025 --from amelia.clarke@rbps.example \\
                                   --to isla.mensah@rbps.example --body 'ring me on 07700 900123')
  Web UI:  http://127.0.0.1:8025/  (first set a password:
           $GW staff set-password j.okafor@rbps.example --config $CONFIG)
  Delivered mail appears in var/delivered/; held and quarantined mail in var/gateway.db
  ($GW quarantine list --config $CONFIG --as j.okafor@rbps.example).

MSG
"$GW" serve --config "$CONFIG"
