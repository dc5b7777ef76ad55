#!/bin/sh
# Container entrypoint of the agent image: clusterbench-agent with its controller, the
# controller's public key and the join token from the environment. Extra arguments are passed
# on (e.g. --log-level debug). The command line wins over /etc/clusterbench/agent.conf.
#   CLUSTERBENCH_CONTROLLER      tcp://HOST:PORT of the controller's agent endpoint (required)
#   CLUSTERBENCH_CONTROLLER_KEY  the key (40 Z85 characters) or a file holding it (required)
#   CLUSTERBENCH_JOIN_TOKEN      presented at registration (optional)
#   CLUSTERBENCH_KEY_WAIT        seconds to wait for the key file to appear (default 60): the
#                                controller writes it on its first start
set -eu

: "${CLUSTERBENCH_CONTROLLER:?set CLUSTERBENCH_CONTROLLER, e.g. tcp://controller:7700}"
: "${CLUSTERBENCH_CONTROLLER_KEY:?set CLUSTERBENCH_CONTROLLER_KEY to the key or a file holding it}"
key="$CLUSTERBENCH_CONTROLLER_KEY"

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

set -- --controller "$CLUSTERBENCH_CONTROLLER" --controller-key "$key" "$@"
if [ -n "${CLUSTERBENCH_JOIN_TOKEN:-}" ]; then
  set -- --join-token "$CLUSTERBENCH_JOIN_TOKEN" "$@"
fi
exec /usr/bin/clusterbench-agent "$@"
