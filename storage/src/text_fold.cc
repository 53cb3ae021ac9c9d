#include "text_fold.h"

#include <sqlite3.h>
#include <unicode/bytestream.h>
#include <unicode/edits.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>

namespace gongkai::storage {
namespace {

const icu::Normalizer2* Normalizer() {
  static const icu::Normalizer2* const normalizer = [] {
    UErrorCode error = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(error);
    return U_SUCCESS(error) ? n : nullptr;
  }();
  return normalizer;
}

bool IsAscii(std::string_view text) {
  for (char ch : text) {
    if (static_cast<unsigned char>(ch) >= 0x80) return false;
  }
  return true;
}

// NFKC_Casefold keeps every ASCII character and lower-cases the letters: a fast path for the
// ASCII part of the archive (URLs, numbers, English pages).
std::string LowerAscii(std::string_view text) {
  std::string lower(text);
  for (char& ch : lower) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return lower;
}

// Folds `text`, recording the edits when `edits` is not null. Falls back to ASCII lower-casing
// when ICU is unavailable (no data) or fails, so search still works, only less forgiving.
std::string Fold(std::string_view text, icu::Edits* edits) {
  const icu::Normalizer2* normalizer = Normalizer();
  if (normalizer == nullptr || IsAscii(text)) return LowerAscii(text);
  std::string folded;
  folded.reserve(text.size());
  icu::StringByteSink<std::string> sink(&folded);
  UErrorCode error = U_ZERO_ERROR;
  normalizer->normalizeUTF8(0, icu::StringPiece(text.data(), static_cast<int32_t>(text.size())), sink, edits,
                            error);
  if (U_FAILURE(error)) {
    if (edits != nullptr) edits->reset();
    return LowerAscii(text);
  }
  return folded;
}

void FoldFunction(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  const char* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  std::string folded =
      Fold(std::string_view(text, static_cast<size_t>(sqlite3_value_bytes(argv[0]))), nullptr);
  sqlite3_result_text64(ctx, folded.data(), folded.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

}  // namespace

std::string FoldForSearch(std::string_view text) {
  return Fold(text, nullptr);
}

FoldedText::FoldedText(std::string_view original) : original_size_(original.size()) {
  icu::Edits edits;
  folded_ = Fold(original, &edits);
  source_.reserve(folded_.size());
  if (!edits.hasChanges()) {
    // Unchanged, or folded by LowerAscii: byte for byte.
    for (size_t i = 0; i < folded_.size(); ++i) source_.push_back(i);
    return;
  }
  UErrorCode error = U_ZERO_ERROR;
  icu::Edits::Iterator it = edits.getFineIterator();
  while (it.next(error) && U_SUCCESS(error)) {
    const auto source = static_cast<size_t>(it.sourceIndex());
    for (int32_t k = 0; k < it.newLength(); ++k) {
      source_.push_back(it.hasChange() ? source : source + static_cast<size_t>(k));
    }
  }
  source_.resize(folded_.size(), original_size_);
}

Status RegisterFoldFunction(sqlite3* db) {
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int rc = sqlite3_create_function_v2(db, "gongkai_fold", 1, flags, nullptr, &FoldFunction, nullptr, nullptr,
                                      nullptr);
  if (rc != SQLITE_OK)
    return Status::IOError(std::string("cannot register gongkai_fold: ") + sqlite3_errmsg(db));
  return Status::OK();
}

}  // namespace gongkai::storage
