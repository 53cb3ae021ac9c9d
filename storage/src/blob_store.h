// Content-addressed bodies inside the archive's `blobs` table: SHA-256 keyed, zstd-compressed
// (stored raw when compression does not help), written once however often they are seen.
#pragma once

#include <zstd.h>

#include <string>
#include <string_view>

#include "sqlite_util.h"

namespace gongkai::storage {

class BlobStore {
 public:
  BlobStore(Db* db, int zstd_level);
  ~BlobStore();
  BlobStore(const BlobStore&) = delete;
  BlobStore& operator=(const BlobStore&) = delete;

  // Stores `bytes` unless a blob with its digest exists; *sha256 receives the hex digest.
  // Must run inside the caller's transaction.
  Status Put(std::string_view bytes, std::string* sha256);
  // NotFound when absent; Corruption when the stored data does not decompress to the right size
  // or hash (when verify_hash).
  Status Get(const std::string& sha256, std::string* bytes, bool verify_hash);
  bool Has(const std::string& sha256);

  // Decodes one stored blob row (shared with verify).
  static Status Decode(const std::string& sha256, const std::string& compression, int64_t size,
                       std::string_view data, std::string* bytes);

 private:
  Db* db_;
  int level_;
  ZSTD_CCtx* cctx_;
};

}  // namespace gongkai::storage
