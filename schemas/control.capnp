# Local control protocol between the `clusterbench` CLI and the controller daemon.
# Carried over a ZeroMQ ipc:// socket inside the controller's state dir (mode 0700).
# One request frame; zero or more progress replies, then one final reply. Same compatibility rule as protocol.capnp.
@0xb1c3b1408a290c50;

$import "/capnp/c++.capnp".namespace("cb::ctl");

struct Request {
  version @0 :UInt16;
  # Same protocol version as protocol.capnp's protocolVersion.

  body :union {
    listNodes @1 :Void;         # reply nodes
    run @2 :RunRequest;         # reply run: the finished run with per-node results
    listResults @3 :ResultsQuery;  # reply runs: runs with results and samples
    status @4 :Void;            # reply status
    shutdown @5 :Void;          # reply stopping; the daemon exits cleanly
    runSuite @6 :SuiteRequest;  # progress lines, then reply suite: the summary with every run
    cancel @7 :CancelRequest;   # reply cancelled: the run ids
    importRun @8 :Text;
    # JSON document of saved outputs parsed by the CLI, stored as one run:
    # {"benchmark": "...", "labels": {...}, "results": [{"hostname", "file", "raw_output",
    #  "samples": [{"metric","value","unit","labels"}]}]}; reply run: the stored run.
    apply @9 :ApplyRequest;     # progress lines per node, then reply apply: per-node reports
    keys @10 :KeysRequest;      # reply keys: every key after the action (typed, no JSON)
    listSuites @11 :UInt32;     # reply suites: the stored suite runs, most recent first; the
                                # value is how many (0 = 20)
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

  resumeSuiteId @3 :Int64;
  # 0: a new suite run. Otherwise the stored suite run to continue (interrupted, cancelled or
  # partial) after its finished step repetitions, under the same id, with its stored labels
  # (labels must be empty). An empty yaml means the stored suite text; a given one must be it.

  master @4 :Text;
  # The master for `nodes: master|workers`, iperf3's server and HPCC's mpirun: a node id, or a
  # hostname exactly one ready node reports, resolved to a node id once at the start. Empty: the
  # node the last applied cluster spec's master entry went to; none: those steps are skipped.
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

  withoutRaw @2 :Bool;
  # With runId: leave the raw output out (it is sent by default for one run).
}

struct KeyValue {
  key @0 :Text;
  value @1 :Text;
}

struct Reply {
  # Older controllers answer every request but `keys` with `json`; a client reads the typed member
  # when present and falls back to `json` (same keys as the CLI's --json output).
  body :union {
    json @0 :Text;
    # Success as a JSON document: the answer of controllers older than the typed members below
    # to every request but `keys` (same keys as the CLI's --json output).

    error @1 :Text;
    # Failure: a human-readable message.

    progress @2 :Text;
    # Not final: one progress line while a long request (run) is under way.
    # Any number of progress replies may precede the final reply.

    keys @3 :List(AgentKeySummary);
    # Final reply to `keys`: the whole key store after the action, first seen first.

    nodes @4 :List(NodeSummary);
    # Final reply to `listNodes`: every registered node, ordered by hostname.

    status @5 :ControllerStatus;
    # Final reply to `status`.

    runs @6 :List(RunSummary);
    # Final reply to `listResults`: most recent run first.

    run @7 :RunSummary;
    # Final reply to `run` (the finished run) and `importRun` (the stored run).

    suite @8 :SuiteSummary;
    # Final reply to `runSuite`.

    cancelled @9 :List(Int64);
    # Final reply to `cancel`: the ids of the runs being cancelled.

    stopping @10 :Void;
    # Final reply to `shutdown`; the daemon exits after sending it.

    apply @11 :ApplySummary;
    # Final reply to `apply` (also dry runs and verify): every node's report.

    suites @12 :List(SuiteRunInfo);
    # Final reply to `listSuites`: most recent first.
  }
}

struct ApplyStepReport {
  # One applier's outcome on one node.
  applier @0 :Text;           # hostname | hosts | network | nat | nfs | autofs ...
  outcome @1 :Text;           # changed | unchanged | failed | skipped
  diff @2 :Text;              # unified diff of what changed (or would, or drifted)
  commands @3 :List(Text);    # commands run (or that would run)
  message @4 :Text;
}

struct ApplyNodeReport {
  nodeId @0 :Text;
  hostname @1 :Text;
  status @2 :Text;            # succeeded | failed | drift | pending ...
  error @3 :Text;             # why the node failed as a whole ("" when it reported)
  counts @4 :List(StatusCount);  # steps by outcome (status = outcome), sorted by outcome
  steps @5 :List(ApplyStepReport);
}

struct ApplySummary {
  spec @0 :Text;              # the spec's file name as the CLI gave it
  mode @1 :Text;              # apply | dry-run | verify
  status @2 :Text;            # succeeded | failed | drift ...
  nodes @3 :List(ApplyNodeReport);
  warnings @4 :List(Text);
  unassignedEntries @5 :List(Text);  # spec nodes no registered node matches
  unmatchedNodes @6 :List(Text);     # registered nodes the spec does not name
}

struct NodeSummary {
  # A registered node: the registry's view, then the facts its agent reported.
  id @0 :Text;
  state @1 :Text;                   # registry state, e.g. ready | lost
  environment @2 :Text;             # vm | container | bare
  heartbeatAgeSeconds @3 :Float64;  # since the last message from the node
  runningTasks @4 :UInt32;
  registrations @5 :UInt64;         # hellos accepted since the controller started
  hostname @6 :Text;
  addresses @7 :List(Text);         # CIDR notation, e.g. 198.18.0.2/24
  cpuCount @8 :UInt32;
  cpuModel @9 :Text;
  memoryBytes @10 :UInt64;
  kernel @11 :Text;
  virtKind @12 :Text;               # none | vm | container
  virtTech @13 :Text;
  os @14 :Text;
  macs @15 :List(Text);
  interfaces @16 :List(Text);
}

struct ControllerStatus {
  version @0 :Text;
  pid @1 :Int64;
  agentEndpoint @2 :Text;     # as bound (port resolved)
  controlEndpoint @3 :Text;
  metricsUrl @4 :Text;        # "" when metrics are off
  publicKey @5 :Text;         # Z85 CURVE public key agents pin
  nodes @6 :UInt64;           # registered
  ready @7 :UInt64;
  runsInFlight @8 :UInt64;
}

struct Field {
  # One run label or parameter. Stored values are JSON: text and whole numbers are typed here,
  # any other value (fraction, boolean, null, array, object) is carried as its JSON text.
  key @0 :Text;
  value :union {
    text @1 :Text;
    integer @2 :Int64;
    json @3 :Text;
  }
}

struct SampleValue {
  metric @0 :Text;
  value @1 :Float64;
  unit @2 :Text;
  labels @3 :List(KeyValue);  # sorted by key
}

struct ResultSummary {
  # One node's stored result of a run.
  taskId @0 :Text;
  nodeId @1 :Text;            # "" for imported results
  hostname @2 :Text;
  environment @3 :Text;
  status @4 :Text;            # succeeded | failed | timeout | cancelled | no_result ...
  exitCode @5 :Int32;
  wallSeconds @6 :Float64;
  userSeconds @7 :Float64;
  systemSeconds @8 :Float64;
  maxRssKb @9 :UInt64;
  command @10 :List(Text);
  message @11 :Text;
  samples @12 :List(SampleValue);
  rawIncluded @13 :Bool;      # rawOutput and rawStderr are set (listResults for one run only)
  rawOutput @14 :Text;
  rawStderr @15 :Text;
}

struct RunSummary {
  runId @0 :Int64;
  benchmark @1 :Text;
  params @2 :List(Field);     # sorted by key
  status @3 :Text;            # running | succeeded | failed | partial | cancelled
  labels @4 :List(Field);     # sorted by key
  startedAtMs @5 :Int64;      # milliseconds since the Unix epoch
  finishedAtMs @6 :Int64;     # 0 while running
  results @7 :List(ResultSummary);
  # Every row, or in the summary form (resultsOmitted > 0) only the rows that did not succeed.
  counts @8 :List(StatusCount);
  # Results by status, every stored row counted (also those left out of `results`), sorted by
  # status. Empty from controllers older than this field: count `results` instead.
  resultsOmitted @9 :UInt64;
  # Succeeded rows left out of `results`: the final reply to `run` and the runs of a suite's reply
  # are summaries once a run has more rows than the controller sends in full (see
  # controller/daemon/control_encode.hpp); `listResults` for the run gives every row.
}

struct StatusCount {
  status @0 :Text;            # succeeded | failed | lost | no_result ...
  count @1 :UInt64;
}

struct SuiteRunEntry {
  # One run (or failed start) of a suite step's repetition, in the order they finished.
  step @0 :Text;
  repetition @1 :Int64;
  benchmark @2 :Text;
  status @3 :Text;
  runId @4 :Int64;            # 0 when the run could not start (message says why)
  message @5 :Text;           # why it could not start; "" when runId != 0
  run @6 :RunSummary;         # the stored run with its results; set when runId != 0
}

struct SuiteStepSummary {
  step @0 :Text;
  repetitions @1 :Int64;      # repetitions run
  reason @2 :Text;            # why it stopped there
}

struct SuiteSummary {
  suite @0 :Text;             # the suite's name
  status @1 :Text;            # succeeded | partial | cancelled
  runs @2 :List(SuiteRunEntry);
  # A resumed suite lists the runs of the repetitions finished before the resume too, and no run
  # of a repetition that was interrupted: each step repetition once.
  steps @3 :List(SuiteStepSummary);
  suiteId @4 :Int64;          # the stored suite run (what `run --resume` takes); 0 from older
                              # controllers
}

struct SuiteRunInfo {
  # One stored suite run (`clusterbench suites`).
  suiteId @0 :Int64;
  name @1 :Text;
  fileName @2 :Text;
  status @3 :Text;            # running | succeeded | partial | cancelled | interrupted
  stepsDone @4 :Int64;        # steps that ended
  stepsTotal @5 :Int64;
  repetitionsDone @6 :Int64;  # finished step repetitions
  startedAtMs @7 :Int64;
  finishedAtMs @8 :Int64;     # 0 while running
}
