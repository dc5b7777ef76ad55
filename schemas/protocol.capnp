# clusterbench wire protocol between the controller and its agents.
#
# Every ZeroMQ message is exactly one frame holding one Envelope (unpacked Cap'n Proto, flat array).
# Compatibility rule: only ever add fields with new ordinals and new union members at the end;
# never renumber, retype or remove. tests/data/golden_*.bin holds encoded envelopes that must
# keep decoding.
@0xe5e1753a84b9fd02;

$import "/capnp/c++.capnp".namespace("cb::proto");

const protocolVersion :UInt16 = 1;
# Bumped only for incompatible changes; peers with a different major version are refused.

struct Envelope {
  version @0 :UInt16;
  # Protocol version of the sender (see protocolVersion).

  requestId @1 :UInt64;
  # Correlates a reply with its request. Chosen by the requester, echoed in replies;
  # 0 for unsolicited messages (heartbeats, task events).

  body :union {
    hello @2 :Hello;                # agent -> controller: registration with node facts
    welcome @3 :Welcome;            # controller -> agent: registration accepted
    heartbeat @4 :Heartbeat;        # agent -> controller: liveness, every interval
    heartbeatAck @5 :HeartbeatAck;  # controller -> agent: answer to a heartbeat
    runTask @6 :RunTask;            # controller -> agent: run one catalogued benchmark
    taskEvent @7 :TaskEvent;        # agent -> controller: progress and output lines while running
    taskResult @8 :TaskResult;      # agent -> controller: final outcome of a task
    taskResultAck @9 :TaskResultAck;# controller -> agent: result stored, agent may forget it
    cancel @10 :Cancel;             # controller -> agent: stop a running task
    error @11 :Error;               # either way: a request could not be handled
    spawnRequest @12 :SpawnRequest; # agent -> controller: start an MPI daemon on another node
    spawn @13 :Spawn;               # controller -> agent: start this MPI daemon command
    spawnOutput @14 :SpawnOutput;   # target agent -> controller -> requesting agent: output
    spawnExit @15 :SpawnExit;       # target agent -> controller -> requesting agent: it ended
    applyConfig @16 :ApplyConfig;   # controller -> agent: plan (dry run) or apply node config
    applyReport @17 :ApplyReport;   # agent -> controller: per-applier outcome, diffs, commands
    nodeMetrics @18 :NodeMetrics;   # agent -> controller: resource counters, every few seconds
  }
}

struct SpawnRequest {
  # Sent on behalf of clusterbench-mpi-rsh, which Open MPI's mpirun runs (as its plm_rsh_agent)
  # inside a task the controller started. The controller accepts it only for a live MPI job it
  # launched (jobToken), from that job's master, for a host in the job, and only for orted.

  spawnId @0 :Text;
  # Chosen by the requesting agent, unique among its requests.

  jobToken @1 :Text;
  # The job's token (CB_MPI_JOB in the helper's environment).

  host @2 :Text;
  # The host argument mpirun gave the helper (an address or hostname from the hostfile).

  words @3 :List(Text);
  # The remote command as mpirun passed it: words of one shell command line (quotes included).
}

struct Spawn {
  spawnId @0 :Text;
  # Chosen by the controller; echoed in SpawnOutput/SpawnExit and usable in Cancel.

  jobToken @1 :Text;
  # Job the command belongs to.

  argv @2 :List(Text);
  # The command, already split into words (never run through a shell); argv[0] is orted.

  timeoutMs @3 :UInt32;
  # The job's time limit; the process group is killed when it expires.

  masterAddresses @4 :List(Text);
  # Addresses of the job's master ("198.18.0.2" or "198.18.0.2/24"): the only ones the orted
  # command's orte_hnp_uri may name. The agent checks the command again before running it.
}

struct SpawnOutput {
  spawnId @0 :Text;
  stream @1 :UInt8;  # 1 = stdout, 2 = stderr
  data @2 :Data;     # bytes as written (one line at a time, newline included)
}

struct SpawnExit {
  spawnId @0 :Text;
  exitCode @1 :Int32;  # exit status, -signal, or 255 when refused / not started
  message @2 :Text;    # why, when it did not run or failed to start
}

struct Hello {
  nodeId @0 :Text;
  # The node id the agent asks for (generated once, kept in its state dir). The controller binds
  # it to the agent's CURVE key when it first accepts that key and from then on takes the
  # sender's node id from the key, never from this field; a hello naming another id is refused.

  joinToken @1 :Text;
  # A join token read from a file on the node (never argv); a valid one accepts the key at once.
  # Empty: the key waits as pending until an operator accepts it.

  facts @2 :NodeFacts;
  # What the node is, measured at registration.

  agentVersion @3 :Text;
  # Version string of the agent binary.

  runningTasks @4 :List(Text);
  # Task ids still running on the agent (after a reconnect), so the controller can keep waiting.
}

struct NodeFacts {
  hostname @0 :Text;
  # Kernel hostname (uname nodename).

  addresses @1 :List(Text);
  # Non-loopback IPv4/IPv6 addresses with prefix length, e.g. "198.18.0.2/24".

  cpuCount @2 :UInt32;
  # Online logical CPUs.

  cpuModel @3 :Text;
  # "model name" from /proc/cpuinfo (first CPU).

  memoryBytes @4 :UInt64;
  # MemTotal from /proc/meminfo, in bytes.

  kernel @5 :Text;
  # Kernel release (uname -r).

  virtKind @6 :VirtKind;
  # Broad class of the execution environment.

  virtTech @7 :Text;
  # systemd-detect-virt style identifier: "kvm", "qemu", "oracle", "docker", "podman",
  # "systemd-nspawn", "lxc", ... or "none".

  os @8 :Text;
  # PRETTY_NAME from /etc/os-release.

  macs @9 :List(Text);
  # MAC addresses of non-loopback interfaces, lower-case, colon separated.

  interfaces @10 :List(Text);
  # Names of the non-loopback network interfaces, e.g. "eth0", "enp0s8" (cluster.yaml checks).
}

enum VirtKind {
  none @0;       # bare metal (or undetectable)
  vm @1;         # hardware virtualization / emulation
  container @2;  # OS-level container sharing the host kernel
}

struct Welcome {
  nodeId @0 :Text;
  # Echo of the accepted node id.

  heartbeatIntervalMs @1 :UInt32;
  # How often the agent must send heartbeats.

  controllerVersion @2 :Text;
  # Version string of the controller.
}

struct Heartbeat {
  nodeId @0 :Text;
  # Sender identity (must match the registered one).

  sequence @1 :UInt64;
  # Increments by one per heartbeat since the agent started.

  runningTasks @2 :UInt32;
  # Number of tasks currently running on the agent.
}

struct HeartbeatAck {
  sequence @0 :UInt64;
  # Echo of Heartbeat.sequence.
}

struct Param {
  # One benchmark parameter. Names and values are validated by the agent's catalog;
  # nothing here is ever passed to a shell.
  name @0 :Text;
  value @1 :Text;
}

struct RunTask {
  taskId @0 :Text;
  # Unique id chosen by the controller; results are deduplicated by it.

  benchmark @1 :Text;
  # Catalog name, e.g. "sysbench-cpu". Unknown names are refused with an Error.

  params @2 :List(Param);
  # Benchmark parameters; unknown names or out-of-range values are refused.

  timeoutMs @3 :UInt32;
  # Wall-clock limit; the whole process group is killed when it expires. 0 = catalog default.
}

struct TaskEvent {
  taskId @0 :Text;
  # Task this event belongs to.

  kind @1 :Kind;
  enum Kind {
    started @0;   # child process started; text holds the argv joined by spaces (display only)
    stdout @1;    # one line the child wrote to stdout
    stderr @2;    # one line the child wrote to stderr
    progress @3;  # free-form progress note from the agent
  }

  text @2 :Text;
  # Payload, without trailing newline.
}

struct Sample {
  # One measured figure (PerfKit Benchmarker style).
  metric @0 :Text;         # e.g. "events_per_second"
  value @1 :Float64;
  unit @2 :Text;           # e.g. "events/s", "ms", "MiB/s"
  labels @3 :List(Param);  # extra dimensions, e.g. threads=2
}

struct Rusage {
  # Resource usage of the child process tree (wait4), seconds and kilobytes.
  userSeconds @0 :Float64;
  systemSeconds @1 :Float64;
  maxRssKb @2 :UInt64;
}

struct TaskResult {
  taskId @0 :Text;
  # Task this result belongs to.

  status @1 :Status;
  enum Status {
    succeeded @0;   # exit 0 and output parsed
    failed @1;      # non-zero exit, signal, or unparsable output (see message)
    timedOut @2;    # killed after timeoutMs
    cancelled @3;   # killed on a Cancel
    refused @4;     # never started: unknown benchmark or invalid parameters
  }

  exitCode @2 :Int32;
  # Exit status of the child; -signal number when killed by a signal; 0 when never started.

  wallSeconds @3 :Float64;
  # Wall time from spawn to exit.

  rusage @4 :Rusage;
  # Resource usage of the child.

  samples @5 :List(Sample);
  # Parsed figures; empty on failure.

  rawOutput @6 :Text;
  # Complete stdout of the child (truncated to the agent's output cap), kept for re-parsing.

  message @7 :Text;
  # Human-readable explanation when status is not succeeded.

  command @8 :List(Text);
  # The argv that was executed.

  rawStderr @9 :Text;
  # Complete stderr of the child (truncated to the output cap).
}

struct TaskResultAck {
  taskId @0 :Text;
  # The result the controller has stored durably.
}

struct Cancel {
  taskId @0 :Text;
  # Task to stop; unknown ids are ignored.
}

struct Error {
  code @0 :Code;
  enum Code {
    badRequest @0;       # malformed or invalid message
    unknownNode @1;      # sender not registered (agent should send Hello again)
    refused @2;          # authentication / authorization refused
    versionMismatch @3;  # incompatible protocol version
    internal @4;         # unexpected failure on the receiver
    pending @5;          # the agent's key waits for an operator's `keys accept` (or a token);
                         # keep saying hello, nothing else is accepted meanwhile
  }

  message @1 :Text;
  # Human-readable explanation.

  inReplyTo @2 :UInt64;
  # requestId of the message that caused the error, 0 if none.
}

# ---------------------------------------------------------------------------------------------
# Node configuration (DESIGN §4). The controller resolves cluster.yaml into one NodeConfig per
# node; the agent validates every value again before any file is touched, plans each applier
# against its root directory and applies (or, with dryRun, only reports) the changes.

struct HostEntry {
  address @0 :Text;           # IPv4 address in dotted form
  names @1 :List(Text);       # RFC 1123 host names; the first is the canonical one
}

struct NodeConfig {
  clusterName @0 :Text;       # [a-z0-9-]{1,63}
  hostname @1 :Text;          # RFC 1123 label for this node
  role @2 :Text;              # "master" or "worker"
  interface @3 :Text;         # internal interface name, e.g. "enp0s8"
  address @4 :Text;           # this node's internal address with prefix, e.g. "192.168.0.1/24"
  gateway @5 :Text;           # default route via this address; empty = leave routes alone
  dns @6 :List(Text);         # DNS server addresses for the internal interface
  hosts @7 :List(HostEntry);  # the managed /etc/hosts block, every node of the cluster
  natEnabled @8 :Bool;        # master: ip_forward + MASQUERADE from `natSource` out `natOutInterface`
  natOutInterface @9 :Text;   # NAT-side interface of the master, e.g. "enp0s3"
  natSource @10 :Text;        # internal CIDR whose traffic is masqueraded, e.g. "192.168.0.0/24"
  nfsExportEnabled @11 :Bool; # master: export `sharedPath` to `exportClients`
  sharedPath @12 :Text;       # absolute, clean path, e.g. "/shared"
  exportOptions @13 :Text;    # comma list from the allow-list, e.g. "rw,sync,no_root_squash"
  exportClients @14 :List(Text); # CIDRs or host names allowed to mount the export
  autofsEnabled @15 :Bool;    # worker: direct autofs map mounting the master's export
  autofsMountPoint @16 :Text; # absolute path, e.g. "/shared"
  autofsOptions @17 :Text;    # e.g. "-fstype=nfs,rw"
  autofsSource @18 :Text;     # "host:/path", e.g. "master:/shared"
  packagesEnabled @19 :Bool;  # install the Debian packages the enabled parts need (apt)
  packages @20 :List(Text);   # package names ([a-z0-9][a-z0-9+.-]*)
}

struct ApplyConfig {
  applyId @0 :Text;           # chosen by the controller; echoed in the ApplyReport
  dryRun @1 :Bool;            # true: plan only, report diffs and commands, change nothing
  config @2 :NodeConfig;
}

struct ApplyStep {
  applier @0 :Text;           # "hostname", "hosts", "network", "gateway", "nfs_export", ...
  outcome @1 :Outcome;
  enum Outcome {
    unchanged @0;             # node already matched; nothing written or run
    changed @1;               # files written / commands run (dryRun: would be)
    failed @2;                # the step failed; its files were restored (see message)
    skipped @3;               # not run: an earlier step on this node failed, or part disabled
  }
  diff @2 :Text;              # unified diff of every file the step writes (may be empty)
  commands @3 :List(Text);    # commands run or to be run, argv words joined by spaces (display)
  message @4 :Text;           # why it failed or was skipped; warnings otherwise
}

struct ApplyReport {
  applyId @0 :Text;           # ApplyConfig.applyId
  dryRun @1 :Bool;            # echo of ApplyConfig.dryRun
  steps @2 :List(ApplyStep);  # in application order
  error @3 :Text;             # non-empty: the config was refused before any step ran
}

# ---------------------------------------------------------------------------------------------
# Live node resource metrics (DESIGN §6), sent by the agent every few seconds. Counters are
# cumulative since boot as the kernel reports them; the controller exports them as-is.

struct CpuModeSeconds {
  mode @0 :Text;              # user, nice, system, idle, iowait, irq, softirq, steal
  seconds @1 :Float64;        # cumulative over all CPUs
}

struct InterfaceCounters {
  name @0 :Text;              # interface name, e.g. "eth0"
  rxBytes @1 :UInt64;
  txBytes @2 :UInt64;
  rxPackets @3 :UInt64;
  txPackets @4 :UInt64;
}

struct DiskCounters {
  name @0 :Text;              # block device name, e.g. "vda" (whole disks only)
  readBytes @1 :UInt64;
  writtenBytes @2 :UInt64;
  reads @3 :UInt64;           # completed read operations
  writes @4 :UInt64;          # completed write operations
}

struct NodeMetrics {
  nodeId @0 :Text;
  timestampMs @1 :Int64;      # agent wall clock, milliseconds since the Unix epoch
  cpu @2 :List(CpuModeSeconds);
  load1 @3 :Float64;
  load5 @4 :Float64;
  load15 @5 :Float64;
  memoryTotalBytes @6 :UInt64;
  memoryAvailableBytes @7 :UInt64;
  interfaces @8 :List(InterfaceCounters);
  disks @9 :List(DiskCounters);
}
