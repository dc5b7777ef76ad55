#pragma once
// An output stream that counts the bytes written to it and keeps none of them, so timing a
// rendering does not hold its output (CSV and JSON of a million samples are hundreds of MiB).
// Not thread-safe.
#include <cstddef>
#include <ostream>
#include <streambuf>

namespace cb::benchreport {

class CountingBuffer : public std::streambuf {
 public:
  std::size_t bytes() const { return bytes_; }

 protected:
  std::streamsize xsputn(const char*, std::streamsize n) override {
    bytes_ += static_cast<std::size_t>(n);
    return n;
  }
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) ++bytes_;
    return traits_type::not_eof(c);
  }

 private:
  std::size_t bytes_ = 0;
};

class CountingStream : public std::ostream {
 public:
  CountingStream() : std::ostream(&buffer_) {}
  std::size_t bytes() const { return buffer_.bytes(); }

 private:
  CountingBuffer buffer_;
};

}  // namespace cb::benchreport
