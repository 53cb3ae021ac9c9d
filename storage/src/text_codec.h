// Compressed text columns of the archive (extractions.text_zstd, extractions.tables_zstd): a zstd
// frame, or an empty blob for empty text; and the SQL functions that read and write them, so that
// queries, migrations and the search index can use the text without a C++ round trip.
#pragma once

#include <string>
#include <string_view>

#include "dictionaries.h"
#include "storage/status.h"

struct sqlite3;

namespace gongkai::storage {

// Largest text a compressed column may claim to hold (a damaged frame header could claim more).
inline constexpr size_t kMaxCompressedTextBytes = size_t{1} << 30;

// Compresses UTF-8 text for a text column at zstd `level` (against `dict` when not null: a
// "text" dictionary of the report's host, dictionaries.h); "" stays "".
std::string CompressText(std::string_view text, int level, const ZSTD_CDict* dict = nullptr);

// Reverses CompressText, loading the frame's dictionary from `dicts` when it names one.
// Corruption when `stored` is not a complete zstd frame of a sane size or fails its checksum.
Status DecompressText(std::string_view stored, std::string* text, DictionarySource* dicts = nullptr);

// ZSTD_decompress with this thread's reused context (see text_codec.cc for why); same result.
size_t ZstdDecompress(void* dst, size_t capacity, const void* src, size_t size);

// Registers gongkai_zstd(text) -> blob (at `level`, no dictionary) and gongkai_unzstd(blob) -> text
// (frames with a dictionary read it from `dicts`) on `db`. gongkai_unzstd fails the statement
// with SQLITE_CORRUPT and "damaged: ..." when a blob does not decompress.
Status RegisterTextFunctions(sqlite3* db, int level, DictionarySource* dicts);

}  // namespace gongkai::storage
