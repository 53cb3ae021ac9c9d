// Content digests used for content addressing (SHA-256) and WARC headers (SHA-1, SHA-256 base32).
#pragma once

#include <string>
#include <string_view>

namespace gongkai::storage {

std::string Sha256Hex(std::string_view data);     // 64 lower-case hex digits
std::string Sha256Base32(std::string_view data);  // RFC 4648 base32, as in "sha256:..." WARC digests
std::string Sha1Base32(std::string_view data);    // as in "sha1:..." WARC digests

// A raw digest as lower-case hex, and back (rows that store a digest in 32 bytes). A digit that is not
// hex reads as 0: a damaged row never throws, its digest simply matches nothing.
std::string DigestToHex(std::string_view raw);
std::string DigestFromHex(std::string_view hex);

}  // namespace gongkai::storage
