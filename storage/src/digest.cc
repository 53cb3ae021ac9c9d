#include "storage/digest.h"

#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>

namespace gongkai::storage {
namespace {

std::string RawDigest(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  // EVP_Digest fails only when OpenSSL cannot allocate its context: out of memory, as for any
  // allocation. No exception leaves the library; the process stops with the reason.
  if (EVP_Digest(data.data(), data.size(), out, &len, md, nullptr) != 1) {
    std::fputs("gongkai: OpenSSL EVP_Digest failed (out of memory)\n", stderr);
    std::abort();
  }
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string Base32(std::string_view raw) {
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned char c : raw) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 31]);
  while (out.size() % 8 != 0) out.push_back('=');
  return out;
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  return DigestToHex(RawDigest(EVP_sha256(), data));
}
std::string Sha256Base32(std::string_view data) {
  return Base32(RawDigest(EVP_sha256(), data));
}
std::string Sha1Base32(std::string_view data) {
  return Base32(RawDigest(EVP_sha1(), data));
}

std::string DigestToHex(std::string_view raw) {
  static const char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(raw.size() * 2);
  for (unsigned char c : raw) {
    hex.push_back(kDigits[c >> 4]);
    hex.push_back(kDigits[c & 15]);
  }
  return hex;
}

std::string DigestFromHex(std::string_view hex) {
  auto nibble = [](char c) {
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : 0;
  };
  std::string bytes;
  bytes.reserve(hex.size() / 2);
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    bytes.push_back(static_cast<char>(nibble(hex[i]) * 16 + nibble(hex[i + 1])));
  return bytes;
}

}  // namespace gongkai::storage
