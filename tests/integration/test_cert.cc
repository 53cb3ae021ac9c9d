// TLS test helpers (see test_cert.h).
#include "test_cert.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace gongkai::testing {
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509, X509_free>>;

bool AddExtension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) return false;
  bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

bool WritePem(const std::string& path, bool key, EVP_PKEY* pkey, X509* cert) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) return false;
  bool ok = key ? PEM_write_PrivateKey(f, pkey, nullptr, nullptr, 0, nullptr, nullptr) == 1
                : PEM_write_X509(f, cert) == 1;
  return std::fclose(f) == 0 && ok;
}

}  // namespace

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  auto dir = std::filesystem::temp_directory_path() /
             ("gongkai-tls-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  path_ = dir.string();
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

bool WriteSelfSignedCert(const std::string& ip, const std::string& dir, std::string* cert_path,
                         std::string* key_path, std::string* error) {
  KeyPtr key(EVP_EC_gen("P-256"));
  if (!key) return *error = "EC key generation failed", false;
  CertPtr cert(X509_new());
  X509_set_version(cert.get(), 2);  // v3
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 2 * 24 * 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(ip.c_str()), -1,
                             -1, 0);
  X509_set_issuer_name(cert.get(), name);
  std::string san = "IP:" + ip;
  if (!AddExtension(cert.get(), NID_subject_alt_name, san.c_str()) ||
      !AddExtension(cert.get(), NID_basic_constraints, "critical,CA:TRUE") ||
      !AddExtension(cert.get(), NID_key_usage, "critical,digitalSignature,keyCertSign")) {
    return *error = "adding X.509 extensions failed", false;
  }
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) return *error = "signing failed", false;
  *cert_path = dir + "/cert.pem";
  *key_path = dir + "/key.pem";
  if (!WritePem(*cert_path, false, key.get(), cert.get()) ||
      !WritePem(*key_path, true, key.get(), cert.get())) {
    return *error = "writing PEM files in " + dir + " failed", false;
  }
  return true;
}

}  // namespace gongkai::testing
