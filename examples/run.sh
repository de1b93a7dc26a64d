#!/bin/sh
# `make run`: the gateway with examples/gateway.toml, plus a next hop that writes
# delivered mail to var/delivered/. Stop with Ctrl-C. Usage: examples/run.sh [VENV] [CONFIG]
set -eu
VENV=${1:-.venv}
CONFIG=${2:-examples/gateway.toml}
mkdir -p var/delivered
"$VENV/bin/gateway" sink --listen 127.0.0.1:10026 --dir var/delivered &
SINK=$!
trap 'kill "$SINK" 2>/dev/null; wait "$SINK" 2>/dev/null || true' EXIT INT TERM
echo "Try:  swaks --server 127.0.0.1:10025 --from amelia.clarke@rbps.example --to isla.mensah@rbps.example"
echo "Delivered mail appears in var/delivered/; held and quarantined mail in var/gateway.db (gateway quarantine list)."
"$VENV/bin/gateway" serve --config "$CONFIG"
