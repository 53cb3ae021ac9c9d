#include "text_codec.h"

#include <sqlite3.h>
#include <zstd.h>

#include <memory>

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

}  // namespace

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
  if (rc != SQLITE_OK)
    return Status::IOError(std::string("cannot register text functions: ") + sqlite3_errmsg(db));
  return Status::OK();
}

}  // namespace gongkai::storage
