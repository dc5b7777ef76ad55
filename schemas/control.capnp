# Local control protocol between the `clusterbench` CLI and the controller daemon.
# Carried over a ZeroMQ ipc:// socket inside the controller's state dir (mode 0700).
# One request frame; zero or more progress replies, then one final reply. Same compatibility rule as protocol.capnp.
@0xb1c3b1408a290c50;

$import "/capnp/c++.capnp".namespace("cb::ctl");

struct Request {
  version @0 :UInt16;
  # Same protocol version as protocol.capnp's protocolVersion.

  body :union {
    listNodes @1 :Void;         # reply json: array of node objects
    run @2 :RunRequest;         # reply json: the finished run with per-node results
    listResults @3 :ResultsQuery;  # reply json: array of runs with results and samples
    status @4 :Void;            # reply json: controller endpoints, counts, version
    shutdown @5 :Void;          # reply json: {"stopping": true}; the daemon exits cleanly
    runSuite @6 :SuiteRequest;  # progress lines, then reply json: suite summary with every run
    cancel @7 :CancelRequest;   # reply json: {"cancelled": [run ids]}
    importRun @8 :Text;
    # JSON document of saved outputs parsed by the CLI, stored as one run:
    # {"benchmark": "...", "labels": {...}, "results": [{"hostname", "file", "raw_output",
    #  "samples": [{"metric","value","unit","labels"}]}]}; reply json: the stored run.
    apply @9 :ApplyRequest;     # progress lines per node, then reply json: per-node reports
    keys @10 :KeysRequest;      # reply keys: every key after the action (typed, no JSON)
  }
}

struct KeysRequest {
  # The enrollment key store (clusterbench keys ...).
  action @0 :Action;
  enum Action {
    list @0;
    accept @1;            # binds the node id the key last asked for; fails if another key has it
    acceptAllPending @2;
    reject @3;            # fails its next handshakes; a connected node is dropped at once
    delete @4;            # forgets the key (it may come back as pending); drops it at once
  }
  key @1 :Text;
  # A full Z85 public key or a unique prefix of at least 6 characters (not for list).
}

struct AgentKeySummary {
  publicKey @0 :Text;      # Z85 CURVE public key (what `clusterbench-agent --print-key` shows)
  state @1 :Text;          # pending | accepted | rejected
  nodeId @2 :Text;         # bound at first acceptance, "" before
  claimedNodeId @3 :Text;  # node id the last hello asked for
  hostname @4 :Text;       # as reported by the agent (not trusted)
  address @5 :Text;        # peer address of its last connection
  firstSeenMs @6 :Int64;   # milliseconds since the Unix epoch
  lastSeenMs @7 :Int64;
  connected @8 :Bool;      # registered and not lost right now
}

struct SuiteRequest {
  yaml @0 :Text;
  # The suite file's text; the daemon validates it again against its own catalog.

  fileName @1 :Text;
  # Name used in error messages.

  labels @2 :List(KeyValue);
  # Free labels stored with every run of the suite (e.g. environment=vm).
}

struct ApplyRequest {
  yaml @0 :Text;        # cluster.yaml text, validated again by the controller
  fileName @1 :Text;    # labels messages
  dryRun @2 :Bool;      # plan only: per-node diffs and commands, nothing changed
  verify @3 :Bool;      # drift check against the last applied spec (yaml may be empty)
}

struct CancelRequest {
  runId @0 :Int64;
  # A run (or a suite's current run) to cancel; 0 = everything in flight.
}

struct RunRequest {
  benchmark @0 :Text;
  # Catalog name, e.g. "sysbench-cpu".

  nodes @1 :List(Text);
  # Node ids or hostnames; empty means every ready node.

  params @2 :List(KeyValue);
  # Benchmark parameters, validated by the catalog before dispatch.

  timeoutMs @3 :UInt32;
  # Per-task limit; 0 = catalog default.

  labels @4 :List(KeyValue);
  # Free labels stored with the run (e.g. environment=vm), checked like a suite's labels.
}

struct ResultsQuery {
  limit @0 :UInt32;
  # Most recent runs to return; 0 = 20.

  runId @1 :Int64;
  # Only this run when non-zero.
}

struct KeyValue {
  key @0 :Text;
  value @1 :Text;
}

struct Reply {
  body :union {
    json @0 :Text;
    # Success: a JSON document described by the request kind.

    error @1 :Text;
    # Failure: a human-readable message.

    progress @2 :Text;
    # Not final: one progress line while a long request (run) is under way.
    # Any number of progress replies may precede the final json or error reply.

    keys @3 :List(AgentKeySummary);
    # Final reply to `keys`: the whole key store after the action, first seen first.
  }
}
