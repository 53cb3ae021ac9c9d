#include "header_codec.h"

#include <sqlite3.h>

#include "dictionaries.h"

namespace gongkai::storage {
namespace {

constexpr char kPackedV1 = 0x01;
// Header blocks are small and written once: zstd's optimal parser finds the most matches.
constexpr int kHeaderLevel = 19;

// THE PREFIX OF FORM 0x01. NEVER CHANGE A BYTE OF IT: every packed header block of every released
// archive was compressed against exactly these bytes and cannot be read without them. A better
// prefix is a new constant with a new tag byte (and a migration), the old one staying here.
// Contents: request fields gongkai and common clients send, then response fields of Chinese
// government portals (nginx, Apache, IIS, TRS, JSP), weekday and month names for HTTP dates; the
// most common fields come last (zstd codes near matches in fewer bits).
constexpr std::string_view kHeaderPrefixV1 =
    "Host: www.gov.cn\r\n"
    "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8\r\n"
    "Accept-Encoding: gzip, deflate, br, zstd\r\n"
    "Accept-Language: zh-CN,zh;q=0.9,en;q=0.8\r\n"
    "Referer: http://\r\n"
    "Referer: https://\r\n"
    "Cookie: JSESSIONID=\r\n"
    "Connection: keep-alive\r\n"
    "Upgrade-Insecure-Requests: 1\r\n"
    "User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36\r\n"
    "User-Agent: gongkai/0.1 (+https://github.com/gongkai-archive/gongkai; disclosure-report research "
    "crawler)\r\n"
    "If-None-Match: \"\r\n"
    "If-Modified-Since: \r\n"
    "Accept: */*\r\n"
    "HTTP/1.1 200 OK\r\n"
    "Server: nginx\r\n"
    "Server: Apache\r\n"
    "Server: Microsoft-IIS/10.0\r\n"
    "X-Powered-By: ASP.NET\r\n"
    "X-Powered-By: JSP/2.3\r\n"
    "Date: Mon, Tue, Wed, Thu, Fri, Sat, Sun, \r\n"
    "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec 20\r\n"
    "Expires: Thu, 01 Jan 1970 00:00:00 GMT\r\n"
    "Pragma: no-cache\r\n"
    "Cache-Control: no-cache, no-store, must-revalidate\r\n"
    "Cache-Control: max-age=600\r\n"
    "Cache-Control: private\r\n"
    "Set-Cookie: JSESSIONID=; Path=/; HttpOnly\r\n"
    "Set-Cookie: ; path=/; Secure; SameSite=Lax\r\n"
    "Strict-Transport-Security: max-age=31536000; includeSubDomains\r\n"
    "X-Frame-Options: SAMEORIGIN\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "X-XSS-Protection: 1; mode=block\r\n"
    "Access-Control-Allow-Origin: *\r\n"
    "Vary: Accept-Encoding\r\n"
    "Transfer-Encoding: chunked\r\n"
    "Content-Encoding: gzip\r\n"
    "Content-Language: zh-CN\r\n"
    "Content-Disposition: attachment; filename=\"\r\n"
    "Content-Type: application/pdf\r\n"
    "Content-Type: application/msword\r\n"
    "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n"
    "Content-Type: application/vnd.ms-excel\r\n"
    "Content-Type: application/octet-stream\r\n"
    "Content-Type: application/json; charset=utf-8\r\n"
    "Content-Type: text/xml; charset=utf-8\r\n"
    "Content-Type: text/plain\r\n"
    "Content-Type: text/html; charset=GB2312\r\n"
    "Content-Type: text/html; charset=gbk\r\n"
    "Content-Type: text/html; charset=UTF-8\r\n"
    "Content-Type: text/html\r\n"
    "Location: \r\n"
    "Accept-Ranges: bytes\r\n"
    "Keep-Alive: timeout=5, max=100\r\n"
    "Connection: keep-alive\r\n"
    "Connection: close\r\n"
    "Content-Length: \r\n"
    "Content-Type: text/html; charset=utf-8\r\n"
    "ETag: \"\r\n"
    "Last-Modified: Mon, Tue, Wed, Thu, Fri, Sat, Sun, 01 Jan 2020 00:00:00 GMT\r\n";

std::string_view ArgBytes(sqlite3_value* v) {
  const void* p = sqlite3_value_blob(v);
  return p == nullptr
             ? std::string_view()
             : std::string_view(static_cast<const char*>(p), static_cast<size_t>(sqlite3_value_bytes(v)));
}

void PackFunction(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  if (sqlite3_value_type(argv[0]) == SQLITE_BLOB) return sqlite3_result_value(ctx, argv[0]);
  std::string packed = PackHeaderBlock(ArgBytes(argv[0]));
  sqlite3_result_blob64(ctx, packed.data(), packed.size(), SQLITE_TRANSIENT);
}

void UnpackFunction(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) != SQLITE_BLOB) return sqlite3_result_value(ctx, argv[0]);
  std::string block;
  Status status = UnpackHeaderBlock(ArgBytes(argv[0]), &block);
  if (!status.ok()) {
    sqlite3_result_error(ctx, ("damaged: " + status.message()).c_str(), -1);
    return sqlite3_result_error_code(ctx, SQLITE_CORRUPT);
  }
  sqlite3_result_text64(ctx, block.data(), block.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

}  // namespace

std::string PackHeaderBlock(std::string_view block) {
  if (block.empty()) return {};
  std::string frame = CompressFrameWithPrefix(block, kHeaderLevel, kHeaderPrefixV1);
  return frame.empty() ? std::string() : std::string(1, kPackedV1) + frame;
}

Status UnpackHeaderBlock(std::string_view packed, std::string* block) {
  block->clear();
  if (packed.empty()) return Status::OK();
  if (packed[0] != kPackedV1)
    return Status::Corruption("header block of unknown form " +
                              std::to_string(static_cast<unsigned char>(packed[0])));
  Status status = DecompressFrameWithPrefix(packed.substr(1), kMaxHeaderBlockBytes, kHeaderPrefixV1, block);
  if (!status.ok()) return Status::Corruption("header block: " + status.message());
  return Status::OK();
}

Status RegisterHeaderFunctions(sqlite3* db) {
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int rc = sqlite3_create_function_v2(db, "gongkai_pack_headers", 1, flags, nullptr, &PackFunction, nullptr,
                                      nullptr, nullptr);
  if (rc == SQLITE_OK) {
    rc = sqlite3_create_function_v2(db, "gongkai_unpack_headers", 1, flags, nullptr, &UnpackFunction, nullptr,
                                    nullptr, nullptr);
  }
  if (rc != SQLITE_OK)
    return Status::IOError(std::string("cannot register header functions: ") + sqlite3_errmsg(db));
  return Status::OK();
}

}  // namespace gongkai::storage
