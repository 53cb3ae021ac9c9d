// Header blocks of captures and redirect hops stored compactly (captures.request_headers and
// response_headers, capture_hops likewise; schema: see docs/archive-format.md "captures"): most of
// a header block is field names and values every server sends ("Content-Type: text/html;
// charset=utf-8", "Last-Modified: Tue, ... GMT"), so each block is one zstd frame made against a
// fixed prefix of such fields built into gongkai (header_codec.cc), which takes a block of ~150
// bytes to ~40. Internal to storage.
//
// Stored form: a BLOB, the byte 0x01 and a zstd frame (content size and checksum) compressed with
// kHeaderPrefixV1 as a raw-content prefix (ZSTD_CCtx_refPrefix); an empty blob for an empty
// block. A TEXT value is a block as written before (`Name: value\r\n` per field), read as is.
#pragma once

#include <string>
#include <string_view>

#include "storage/status.h"

struct sqlite3;

namespace gongkai::storage {

// Largest header block a packed form may claim to hold (a damaged frame header could claim more).
inline constexpr size_t kMaxHeaderBlockBytes = 1 << 20;

// captures.request_headers of a capture that sent its run's request header block (schema 16): the
// block is kept once, packed, in run_request_headers. Readers put the run's block in its place
// (kCaptureColumns); it is no packed form (UnpackHeaderBlock refuses it).
inline constexpr std::string_view kRunRequestHeaders = "\x02";
#define GONGKAI_RUN_REQUEST_HEADERS_SQL "x'02'"

// Packs a serialized header block ("Name: value\r\n" per field); "" packs to "".
std::string PackHeaderBlock(std::string_view block);

// Reverses PackHeaderBlock. Corruption when `packed` has an unknown tag or its frame is damaged.
Status UnpackHeaderBlock(std::string_view packed, std::string* block);

// Registers gongkai_pack_headers(text) -> blob (a blob argument is returned as it is: already
// packed) and gongkai_unpack_headers(value) -> text (text returned as it is; a damaged blob fails
// the statement with SQLITE_CORRUPT and "damaged: ...") on `db`, for migrations and by-hand SQL.
Status RegisterHeaderFunctions(sqlite3* db);

}  // namespace gongkai::storage
