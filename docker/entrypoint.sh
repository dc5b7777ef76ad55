#!/bin/sh
# Container entrypoint of the agent image: clusterbench-agent with its controller and the
# controller's public key from the environment. Extra arguments are passed on (e.g. --log-level
# debug). The command line wins over /etc/clusterbench/agent.conf.
#   CLUSTERBENCH_CONTROLLER      tcp://HOST:PORT of the controller's agent endpoint (required)
#   CLUSTERBENCH_CONTROLLER_KEY  the key (40 Z85 characters) or a file holding it (required)
#   CLUSTERBENCH_JOIN_TOKEN_FILE the file holding the join token (default
#                                /etc/clusterbench/join-token; mount it there, mode 0600 or
#                                0400: a bind-mounted file, a compose secret, a k8s Secret with
#                                subPath). No file: the node's key waits for `clusterbench keys
#                                accept`. The token itself is never taken from the environment
#                                or the command line (both are visible to other processes).
#   CLUSTERBENCH_KEY_WAIT        seconds to wait for the key file to appear (default 60): the
#                                controller writes it on its first start
set -eu

: "${CLUSTERBENCH_CONTROLLER:?set CLUSTERBENCH_CONTROLLER, e.g. tcp://controller:7700}"
: "${CLUSTERBENCH_CONTROLLER_KEY:?set CLUSTERBENCH_CONTROLLER_KEY to the key or a file holding it}"
if [ -n "${CLUSTERBENCH_JOIN_TOKEN:-}" ]; then
  echo "clusterbench-entrypoint: CLUSTERBENCH_JOIN_TOKEN is not read: a token in the environment" \
    "leaks; put it in a file mounted at /etc/clusterbench/join-token (mode 0600) and unset" \
    "CLUSTERBENCH_JOIN_TOKEN" >&2
  exit 2
fi
key="$CLUSTERBENCH_CONTROLLER_KEY"
token_file="${CLUSTERBENCH_JOIN_TOKEN_FILE:-/etc/clusterbench/join-token}"

case "$key" in
  /*)
    wait="${CLUSTERBENCH_KEY_WAIT:-60}"
    while [ ! -s "$key" ] && [ "$wait" -gt 0 ]; do
      sleep 1
      wait=$((wait - 1))
    done
    [ -s "$key" ] || { echo "clusterbench-entrypoint: no controller key at $key" >&2; exit 2; }
    ;;
esac

set -- --join-token-file "$token_file" "$@"
set -- --controller "$CLUSTERBENCH_CONTROLLER" --controller-key "$key" "$@"
exec /usr/bin/clusterbench-agent "$@"
