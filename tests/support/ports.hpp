#pragma once
// Test support: a loopback TCP port for a daemon a test starts.

namespace cb::test {

/// A TCP port nobody listens on at 127.0.0.1 right now (the kernel's pick for port 0, bound,
/// read back and closed). Another process may take it before the test does: use it at once.
int freeLoopbackPort();

}  // namespace cb::test
