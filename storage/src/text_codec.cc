#include "text_codec.h"

#include <sqlite3.h>
#include <zstd.h>

#include <memory>

namespace gongkai::storage {
namespace {

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
  Status status = DecompressText(stored, &text);
  if (!status.ok()) {
    sqlite3_result_error(ctx, ("damaged: " + status.message()).c_str(), -1);
    return sqlite3_result_error_code(ctx, SQLITE_CORRUPT);
  }
  sqlite3_result_text64(ctx, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

}  // namespace

std::string CompressText(std::string_view text, int level) {
  if (text.empty()) return {};
  // One context per thread (reextract compresses on several): a context is reusable, not shareable.
  thread_local std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> cctx(ZSTD_createCCtx(), &ZSTD_freeCCtx);
  ZSTD_CCtx_reset(cctx.get(), ZSTD_reset_session_and_parameters);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, level);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_checksumFlag, 1);  // a changed byte fails decompression
  std::string stored(ZSTD_compressBound(text.size()), '\0');
  size_t n = ZSTD_compress2(cctx.get(), stored.data(), stored.size(), text.data(), text.size());
  if (ZSTD_isError(n)) return {};  // only on allocation failure; ZSTD_compressBound is enough room
  stored.resize(n);
  return stored;
}

Status DecompressText(std::string_view stored, std::string* text) {
  text->clear();
  if (stored.empty()) return Status::OK();
  unsigned long long size = ZSTD_getFrameContentSize(stored.data(), stored.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN) {
    return Status::Corruption("compressed text is not a zstd frame with a known size");
  }
  if (size > kMaxCompressedTextBytes) {
    return Status::Corruption("compressed text claims " + std::to_string(size) + " bytes, more than the limit");
  }
  text->resize(static_cast<size_t>(size));
  size_t n = ZSTD_decompress(text->data(), text->size(), stored.data(), stored.size());
  if (ZSTD_isError(n) || n != size) {
    text->clear();
    return Status::Corruption(std::string("compressed text does not decompress: ") +
                              (ZSTD_isError(n) ? ZSTD_getErrorName(n) : "short frame"));
  }
  return Status::OK();
}

Status RegisterTextFunctions(sqlite3* db, int level) {
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int rc = sqlite3_create_function_v2(db, "gongkai_zstd", 1, flags, new int(level), &CompressFunction, nullptr,
                                      nullptr, [](void* p) { delete static_cast<int*>(p); });
  if (rc == SQLITE_OK) {
    rc = sqlite3_create_function_v2(db, "gongkai_unzstd", 1, flags, nullptr, &DecompressFunction, nullptr,
                                    nullptr, nullptr);
  }
  if (rc != SQLITE_OK) return Status::IOError(std::string("cannot register text functions: ") + sqlite3_errmsg(db));
  return Status::OK();
}

}  // namespace gongkai::storage
