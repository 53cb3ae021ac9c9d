#include "text_codec.h"

#include <sqlite3.h>
#include <zstd.h>

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <memory>

#include "storage/digest.h"
#include "text_template.h"

namespace gongkai::storage {
namespace {

// One zstd context per thread, reused: ZSTD_compress/ZSTD_decompress create and free a context per
// call, and creating one runs CPUID (CPU feature detection), which traps to the hypervisor in a VM.
// perf on /api/search of a 100,000-report archive: 44% of the search's CPU was those CPUIDs.
ZSTD_DCtx* ThreadDCtx() {
  thread_local std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> dctx(ZSTD_createDCtx(), &ZSTD_freeDCtx);
  return dctx.get();
}
// (Compression and dictionary frames: CompressFrame/DecompressFrame in dictionaries.cc, likewise.)

// The level lives in a heap cell owned by the connection (freed by SQLite with the function).
void CompressFunction(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  const int level = *static_cast<int*>(sqlite3_user_data(ctx));
  auto* bytes = static_cast<const char*>(sqlite3_value_blob(argv[0]));
  std::string_view text(bytes == nullptr ? "" : bytes, static_cast<size_t>(sqlite3_value_bytes(argv[0])));
  std::string stored = CompressText(text, level);
  sqlite3_result_blob64(ctx, stored.data(), stored.size(), SQLITE_TRANSIENT);
}

void DecompressFunction(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  auto* bytes = static_cast<const char*>(sqlite3_value_blob(argv[0]));
  std::string_view stored(bytes == nullptr ? "" : bytes, static_cast<size_t>(sqlite3_value_bytes(argv[0])));
  std::string text;
  Status status = DecompressText(stored, &text, static_cast<DictionarySource*>(sqlite3_user_data(ctx)));
  if (!status.ok()) {
    sqlite3_result_error(ctx, ("damaged: " + status.message()).c_str(), -1);
    return sqlite3_result_error_code(ctx, SQLITE_CORRUPT);
  }
  sqlite3_result_text64(ctx, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

constexpr char kBodyPrefixed = 0x01;
constexpr char kTemplateAndBody = 0x03;
// Texts against their body are small and made once: zstd's optimal parser (levels 16 and up)
// encodes their many short matches into a prefix of ~20 KB more tightly than level 3.
constexpr int kTextAgainstBodyLevel = 16;
constexpr size_t kShaBytes = 32;
// Bodies larger than this are not used as prefixes (a zstd window must reach back over them).
constexpr size_t kMaxPrefixBytes = 16 << 20;

bool IsUtf8Name(std::string charset) {
  for (char& ch : charset) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return charset.empty() || charset == "utf-8" || charset == "utf8";
}

// The body decoded from `charset` to UTF-8 by iconv; false when iconv does not know the charset or
// meets a byte sequence it cannot decode (such a body is used as captured).
bool DecodeBody(std::string_view body, const std::string& charset, std::string* out) {
  iconv_t cd = iconv_open("UTF-8", charset.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  out->assign(body.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(body.data());
  size_t in_left = body.size();
  char* dst = out->data();
  size_t out_left = out->size();
  bool ok = true;
  while (in_left > 0) {
    if (iconv(cd, &in, &in_left, &dst, &out_left) != static_cast<size_t>(-1)) continue;
    if (errno != E2BIG) {
      ok = false;
      break;
    }
    const size_t used = out->size() - out_left;
    out->resize(out->size() * 2);
    dst = out->data() + used;
    out_left = out->size() - used;
  }
  iconv_close(cd);
  if (ok) out->resize(out->size() - out_left);
  return ok;
}

std::string CompressWithPrefix(std::string_view text, int level, std::string_view prefix) {
  thread_local std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> cctx(ZSTD_createCCtx(), &ZSTD_freeCCtx);
  ZSTD_CCtx_reset(cctx.get(), ZSTD_reset_session_and_parameters);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, std::max(level, kTextAgainstBodyLevel));
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_checksumFlag, 1);
  ZSTD_CCtx_refPrefix(cctx.get(), prefix.data(), prefix.size());  // raw content, this frame only
  std::string out(ZSTD_compressBound(text.size()), '\0');
  size_t n = ZSTD_compress2(cctx.get(), out.data(), out.size(), text.data(), text.size());
  if (ZSTD_isError(n)) return {};
  out.resize(n);
  return out;
}

// The prefix a body-prefixed text was made with, decoded once per thread for consecutive reads
// of the same body (a report's text, then its tables).
Status PrefixOf(const std::string& sha256, const std::string& charset, bool with_template,
                DictionarySource* dicts, const std::string** prefix) {
  struct Cached {
    std::string sha256, charset, prefix;
    bool with_template = false;
  };
  thread_local Cached cached;
  if (cached.sha256 == sha256 && cached.charset == charset && cached.with_template == with_template) {
    *prefix = &cached.prefix;
    return Status::OK();
  }
  cached.sha256.clear();
  if (dicts == nullptr)
    return Status::Corruption("text made against body " + sha256 + ", which is not at hand");
  std::string body;
  Status status = dicts->Body(sha256, &body);
  if (!status.ok()) return status;
  if (charset.empty()) {
    cached.prefix = std::move(body);
  } else if (!DecodeBody(body, charset, &cached.prefix)) {
    return Status::Corruption("body " + sha256 + " does not decode from " + charset);
  }
  if (with_template) cached.prefix.insert(0, ReportTemplateV1());
  cached.sha256 = sha256;
  cached.charset = charset;
  cached.with_template = with_template;
  *prefix = &cached.prefix;
  return Status::OK();
}

Status DecompressAgainst(std::string_view frame, const std::string& sha256, const std::string& charset,
                         bool with_template, std::string* text, DictionarySource* dicts);

Status DecompressBodyPrefixed(std::string_view stored, std::string* text, DictionarySource* dicts) {
  if (stored.size() < 2 + kShaBytes) return Status::Corruption("body-prefixed text is cut short");
  const size_t charset_size = static_cast<unsigned char>(stored[1 + kShaBytes]);
  if (stored.size() < 2 + kShaBytes + charset_size)
    return Status::Corruption("body-prefixed text is cut short");
  const std::string sha256 = DigestToHex(stored.substr(1, kShaBytes));
  const std::string charset(stored.substr(2 + kShaBytes, charset_size));
  const std::string_view frame = stored.substr(2 + kShaBytes + charset_size);
  return DecompressAgainst(frame, sha256, charset, /*with_template=*/false, text, dicts);
}

// Form 0x03 (text_codec.h): 0x03, the body's blobs row id (LEB128), n, n bytes of charset, frame.
bool ParseTemplateHeader(std::string_view stored, uint64_t* blob_id, std::string* charset, size_t* frame_at) {
  size_t at = 1;
  *blob_id = 0;
  for (int shift = 0;; shift += 7) {
    if (at >= stored.size() || shift > 56) return false;
    const auto byte = static_cast<unsigned char>(stored[at++]);
    *blob_id |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) break;
  }
  if (at >= stored.size()) return false;
  const size_t charset_size = static_cast<unsigned char>(stored[at++]);
  if (stored.size() < at + charset_size) return false;
  charset->assign(stored.substr(at, charset_size));
  *frame_at = at + charset_size;
  return true;
}

Status DecompressTemplatePrefixed(std::string_view stored, std::string* text, DictionarySource* dicts) {
  uint64_t blob_id = 0;
  std::string charset;
  size_t frame_at = 0;
  if (!ParseTemplateHeader(stored, &blob_id, &charset, &frame_at))
    return Status::Corruption("template-prefixed text is cut short");
  if (dicts == nullptr)
    return Status::Corruption("text made against body row " + std::to_string(blob_id) +
                              ", which is not at hand");
  std::string sha256;
  Status status = dicts->BodySha256OfId(static_cast<int64_t>(blob_id), &sha256);
  if (!status.ok()) return status;
  return DecompressAgainst(stored.substr(frame_at), sha256, charset, /*with_template=*/true, text, dicts);
}

Status DecompressAgainst(std::string_view frame, const std::string& sha256, const std::string& charset,
                         bool with_template, std::string* text, DictionarySource* dicts) {
  unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN)
    return Status::Corruption("not a zstd frame with a known size");
  if (size > kMaxCompressedTextBytes) return Status::Corruption("zstd frame claims more than the limit");
  const std::string* prefix = nullptr;
  Status status = PrefixOf(sha256, charset, with_template, dicts, &prefix);
  if (!status.ok()) return status;
  ZSTD_DCtx* dctx = ThreadDCtx();
  ZSTD_DCtx_reset(dctx, ZSTD_reset_session_and_parameters);
  ZSTD_DCtx_refPrefix(dctx, prefix->data(), prefix->size());
  text->resize(static_cast<size_t>(size));
  size_t n = ZSTD_decompressDCtx(dctx, text->data(), text->size(), frame.data(), frame.size());
  if (ZSTD_isError(n) || n != size) {
    text->clear();
    return Status::Corruption(std::string("zstd data does not decompress: ") +
                              (ZSTD_isError(n) ? ZSTD_getErrorName(n) : "short frame"));
  }
  return Status::OK();
}

// gongkai_text_size(blob): the size the frame header records, without decompressing (a frame
// without one is decompressed). Fails like gongkai_unzstd for a blob that is not a text frame.
void TextSizeFunction(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  auto* bytes = static_cast<const char*>(sqlite3_value_blob(argv[0]));
  std::string_view stored(bytes == nullptr ? "" : bytes, static_cast<size_t>(sqlite3_value_bytes(argv[0])));
  if (stored.empty()) return sqlite3_result_int64(ctx, 0);
  std::string_view frame = stored;  // a body-prefixed text's frame follows its header
  if (IsBodyPrefixed(stored) && stored.size() >= 2 + kShaBytes)
    frame = stored.substr(
        std::min(stored.size(), 2 + kShaBytes + static_cast<unsigned char>(stored[1 + kShaBytes])));
  uint64_t blob_id = 0;
  std::string charset;
  size_t frame_at = 0;
  if (stored[0] == kTemplateAndBody && ParseTemplateHeader(stored, &blob_id, &charset, &frame_at))
    frame = stored.substr(frame_at);
  const unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (size != ZSTD_CONTENTSIZE_ERROR && size != ZSTD_CONTENTSIZE_UNKNOWN && size <= kMaxCompressedTextBytes)
    return sqlite3_result_int64(ctx, static_cast<sqlite3_int64>(size));
  std::string text;
  Status status = DecompressText(stored, &text, static_cast<DictionarySource*>(sqlite3_user_data(ctx)));
  if (!status.ok()) {
    const std::string message = "damaged: " + status.message();
    sqlite3_result_error(ctx, message.c_str(), -1);
    return sqlite3_result_error_code(ctx, SQLITE_CORRUPT);
  }
  sqlite3_result_int64(ctx, static_cast<sqlite3_int64>(text.size()));
}

}  // namespace

bool IsBodyPrefixed(std::string_view stored) {
  return !stored.empty() && (stored[0] == kBodyPrefixed || stored[0] == kTemplateAndBody);
}

std::string CompressTextOfBody(std::string_view text, int level, const ZSTD_CDict* dict,
                               const std::string& body_sha256, std::string_view body,
                               const std::string& charset, int64_t body_id) {
  std::string best = CompressText(text, level, dict);
  if (text.empty() || body.empty() || body.size() > kMaxPrefixBytes || body_sha256.size() != 2 * kShaBytes)
    return best;
  auto consider = [&](std::string_view prefix, const std::string& name) {
    if (name.size() > 255) return;
    std::string frame = CompressWithPrefix(text, level, prefix);
    if (!frame.empty() && 2 + kShaBytes + name.size() + frame.size() < best.size()) {
      std::string stored(1, kBodyPrefixed);
      stored += DigestFromHex(body_sha256);
      stored.push_back(static_cast<char>(name.size()));
      stored += name;
      stored += frame;
      best = std::move(stored);
    }
    if (body_id <= 0) return;
    std::string with_template(ReportTemplateV1());
    with_template += prefix;
    frame = CompressWithPrefix(text, level, with_template);
    std::string stored(1, kTemplateAndBody);
    for (auto id = static_cast<uint64_t>(body_id);; id >>= 7) {
      if (id < 0x80) {
        stored.push_back(static_cast<char>(id));
        break;
      }
      stored.push_back(static_cast<char>(0x80 | (id & 0x7f)));
    }
    stored.push_back(static_cast<char>(name.size()));
    stored += name;
    if (frame.empty() || stored.size() + frame.size() >= best.size()) return;
    best = std::move(stored) + frame;
  };
  consider(body, "");
  std::string decoded;
  if (!IsUtf8Name(charset) && DecodeBody(body, charset, &decoded)) consider(decoded, charset);
  return best;
}

size_t ZstdDecompress(void* dst, size_t capacity, const void* src, size_t size) {
  ZSTD_DCtx* dctx = ThreadDCtx();
  return dctx == nullptr ? ZSTD_decompress(dst, capacity, src, size)
                         : ZSTD_decompressDCtx(dctx, dst, capacity, src, size);
}

std::string CompressText(std::string_view text, int level, const ZSTD_CDict* dict) {
  if (text.empty()) return {};
  return CompressFrame(text, level, dict);  // with content size and checksum
}

Status DecompressText(std::string_view stored, std::string* text, DictionarySource* dicts) {
  text->clear();
  if (stored.empty()) return Status::OK();
  if (IsBodyPrefixed(stored)) {
    Status status = stored[0] == kTemplateAndBody ? DecompressTemplatePrefixed(stored, text, dicts)
                                                  : DecompressBodyPrefixed(stored, text, dicts);
    if (!status.ok()) return Status::Corruption("compressed text: " + status.message());
    return Status::OK();
  }
  Status status = DecompressFrame(stored, kMaxCompressedTextBytes, dicts, text);
  if (!status.ok()) return Status::Corruption("compressed text: " + status.message());
  return Status::OK();
}

Status RegisterTextFunctions(sqlite3* db, int level, DictionarySource* dicts) {
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int rc = sqlite3_create_function_v2(db, "gongkai_zstd", 1, flags, new int(level), &CompressFunction,
                                      nullptr, nullptr, [](void* p) { delete static_cast<int*>(p); });
  if (rc == SQLITE_OK) {
    rc = sqlite3_create_function_v2(db, "gongkai_unzstd", 1, flags, dicts, &DecompressFunction, nullptr,
                                    nullptr, nullptr);
  }
  if (rc == SQLITE_OK) {
    rc = sqlite3_create_function_v2(db, "gongkai_text_size", 1, flags, dicts, &TextSizeFunction, nullptr,
                                    nullptr, nullptr);
  }
  if (rc != SQLITE_OK)
    return Status::IOError(std::string("cannot register text functions: ") + sqlite3_errmsg(db));
  return Status::OK();
}

}  // namespace gongkai::storage
