// Helpers for TLS tests: a unique temporary directory, and a self-signed certificate for a
// loopback address (made with OpenSSL's API, so the tests need no openssl binary).
#pragma once

#include <string>

namespace gongkai::testing {

// A fresh directory under the system temp dir, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Writes "<dir>/cert.pem" (an EC P-256 certificate for IP address `ip`, subjectAltName IP:`ip`,
// valid from an hour ago for two days, self-signed and marked CA so it can be its own trust
// anchor) and "<dir>/key.pem". Returns false with *error naming the failed step.
bool WriteSelfSignedCert(const std::string& ip, const std::string& dir, std::string* cert_path,
                         std::string* key_path, std::string* error);

}  // namespace gongkai::testing
