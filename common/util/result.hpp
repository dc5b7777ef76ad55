#pragma once
// Result<T>: a value or a human-readable error message (expected failures are values, DESIGN §8).
#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace cb {

struct Error {
  std::string message;
};

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  /// Error message; empty when ok() (so diagnostics may format it unconditionally).
  const std::string& error() const {
    static const std::string kNone;
    return ok() ? kNone : std::get<1>(v_).message;
  }

 private:
  std::variant<T, Error> v_;
};

/// Result of an operation that produces no value.
struct Unit {};
using Status = Result<Unit>;
inline Status okStatus() {
  return Unit{};
}

inline Error fail(std::string message) {
  return Error{std::move(message)};
}

}  // namespace cb
