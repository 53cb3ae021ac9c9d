// Content-addressed bodies inside the archive's `blobs` table: SHA-256 keyed, zstd-compressed
// (stored raw when compression does not help), written once however often they are seen. Text
// bodies (HTML, XML, plain text) of a host are compressed against the host's newest "body"
// dictionary (dictionaries.h), trained from the host's earlier bodies.
#pragma once

#include <zstd.h>

#include <map>
#include <string>
#include <string_view>

#include "dictionaries.h"
#include "sqlite_util.h"

namespace gongkai::storage {

class BlobStore {
 public:
  BlobStore(Db* db, int zstd_level, Dictionaries* dictionaries);
  BlobStore(const BlobStore&) = delete;
  BlobStore& operator=(const BlobStore&) = delete;

  // Stores `bytes` unless a blob with its digest exists; *sha256 receives the hex digest.
  // `scope` names the dictionary family ("" = none: attachments, binary data). Must run inside
  // the caller's transaction.
  Status Put(std::string_view bytes, const std::string& scope, std::string* sha256);
  // NotFound when absent; Corruption when the stored data does not decompress to the right size
  // or hash (when verify_hash).
  Status Get(const std::string& sha256, std::string* bytes, bool verify_hash);
  bool Has(const std::string& sha256);

  // When `scope` has enough text bodies (dictionaries.h: kFirstTrainingSamples, kRetrainGrowth),
  // trains its next "body" dictionary from the newest ones and recompresses the scope's bodies
  // stored without a dictionary. Must run inside the caller's transaction, after the capture row
  // that names the newest body was inserted.
  Status MaybeTrain(const std::string& scope);

  // Decodes one stored blob row (shared with verify).
  static Status Decode(const std::string& sha256, const std::string& compression, int64_t size,
                       std::string_view data, DictionarySource* dictionaries, std::string* bytes);

 private:
  Db* db_;
  int level_;
  Dictionaries* dictionaries_;
  // Per scope: how many more new bodies before MaybeTrain needs to count again (a crawl of a
  // large host would otherwise count its bodies once per fetch). Only a hint: a stale value
  // delays training by a few bodies, never skips it.
  std::map<std::string, int64_t> until_check_;
};

// True for the Content-Types whose bodies share a site's template (dictionary candidates).
bool IsTextContentType(std::string_view content_type);

}  // namespace gongkai::storage
