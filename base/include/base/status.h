// The result of a fallible library call: ok, or a code plus a message naming the input and what is
// wrong. Every gongkai library reports errors as Status values, never as exceptions (leveldb's
// habit); the class is [[nodiscard]], so a dropped error is a compiler warning (an error in the
// -Werror CI build). A caller that means to ignore one says so: `(void)archive->Flush();`.
#pragma once

#include <string>
#include <utility>

namespace gongkai {

class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk = 0,
    kNotFound,         // the thing asked for does not exist (no such capture, file, seed)
    kCorruption,       // stored data is damaged (bad hash, bad page, truncated file)
    kIOError,          // the OS or a library failed to read/write (disk full, permissions, busy)
    kInvalidArgument,  // the caller passed something malformed (bad URL, bad config value)
    kLocked,           // another process holds the lock
  };

  Status() = default;  // ok
  static Status OK() { return Status(); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status IOError(std::string msg) { return Status(Code::kIOError, std::move(msg)); }
  static Status InvalidArgument(std::string msg) { return Status(Code::kInvalidArgument, std::move(msg)); }
  static Status Locked(std::string msg) { return Status(Code::kLocked, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsCorruption() const { return code_ == Code::kCorruption; }
  bool IsIOError() const { return code_ == Code::kIOError; }
  bool IsInvalidArgument() const { return code_ == Code::kInvalidArgument; }
  bool IsLocked() const { return code_ == Code::kLocked; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // "OK", or "<Code name>: <message>", e.g. "NotFound: no capture with id 42".
  std::string ToString() const;
  // The same status with "<prefix>: " before its message, naming where it happened ("archive: disk
  // full"); an ok status stays ok.
  Status WithPrefix(const std::string& prefix) const {
    return ok() ? *this : Status(code_, prefix + ": " + message_);
  }

 private:
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  Code code_ = Code::kOk;
  std::string message_;
};

}  // namespace gongkai
