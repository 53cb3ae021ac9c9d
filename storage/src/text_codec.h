// Compressed text columns of the archive (extractions.text_zstd, extractions.tables_zstd): a zstd
// frame, a body-prefixed frame (below), or an empty blob for empty text; and the SQL functions that read and
// write them, so that queries, migrations and the search index can use the text without a C++ round trip.
#pragma once

#include <cstdint>
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

// A report's text and tables are mostly its page's own words, so they compress best against that
// page: its body, as captured or (for a GBK page) decoded to UTF-8, as a zstd prefix (a text of
// 10 KB then takes a few hundred bytes). Stored form: the byte 0x01, the body's SHA-256 (32
// bytes), one byte n and n bytes naming the charset the body was decoded from (n = 0: the body as
// captured), then a zstd frame made with that prefix. CompressTextOfBody keeps the smallest of
// that and CompressText(text, level, dict). `body_sha256` is hex; `charset` is the extraction's
// (an iconv name; "" or UTF-8 try only the body as captured).
//
// Form 0x03, a frame against the built-in report template and the page (since schema "compact
// capture rows"): the standard labels and JSON of a report's tables are not in its page, and the
// 32-byte digest costs more than the text's last paragraphs. Stored form: the byte 0x03, the body's
// blobs row id (unsigned LEB128), one byte n and n bytes naming the charset as above, then a zstd
// frame made with the prefix ReportTemplateV1() (text_template.h, never changed) followed by the
// body as above. Tried when `body_id` (the body's blobs.id) is known; the smallest form is kept.
std::string CompressTextOfBody(std::string_view text, int level, const ZSTD_CDict* dict,
                               const std::string& body_sha256, std::string_view body,
                               const std::string& charset, int64_t body_id = 0);
// True when `stored` is a frame against its body (form 0x01 or 0x03).
bool IsBodyPrefixed(std::string_view stored);

// Reverses CompressText and CompressTextOfBody (reading the body through dicts->Body), loading the frame's
// dictionary from `dicts` when it names one. Corruption when `stored` is not a complete zstd frame of a sane
// size or fails its checksum.
Status DecompressText(std::string_view stored, std::string* text, DictionarySource* dicts = nullptr);

// ZSTD_decompress with this thread's reused context (see text_codec.cc for why); same result.
size_t ZstdDecompress(void* dst, size_t capacity, const void* src, size_t size);

// Registers gongkai_zstd(text) -> blob (at `level`, no dictionary) and gongkai_unzstd(blob) -> text
// (frames with a dictionary read it from `dicts`) on `db`. gongkai_unzstd fails the statement
// with SQLITE_CORRUPT and "damaged: ..." when a blob does not decompress; and gongkai_text_size(blob)
// -> integer, the byte size of the text, read from the frame header (search ranks by it without
// decompressing).
Status RegisterTextFunctions(sqlite3* db, int level, DictionarySource* dicts);

}  // namespace gongkai::storage
