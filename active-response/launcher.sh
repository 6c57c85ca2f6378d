#!/bin/sh
# Riposte built-in response launcher (every active-response/bin/<name> is a copy of this
# file): runs the shared TypeScript module with the project's Node 24, resolved from this
# script's real path (the bin/ entry may be a symlink in a Riposte home), or $RIPOSTE_NODE.
# Arguments pass through untouched as "$@": never eval'd, never interpolated.
set -eu
self=$(readlink -f -- "$0")
root=${self%/active-response/bin/*}
node=${RIPOSTE_NODE:-$root/node_modules/.bin/node}
if [ ! -x "$node" ]; then
  echo "${0##*/}: Node 24 not found at $node (set RIPOSTE_NODE)" >&2
  exit 127
fi
exec "$node" "$root/active-response/run_action.ts" "${0##*/}" "$0" "$@"
