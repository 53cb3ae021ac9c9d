// Content-addressed bodies inside the archive's `blobs` table: SHA-256 keyed, zstd-compressed
// (stored raw when compression does not help), written once however often they are seen. Text
// bodies (HTML, XML, plain text) of a host are compressed against the host's earlier bodies:
//
// - Chained frames. The pages of one portal repeat their template and whole paragraphs, so a text
//   body is stored, when that is smaller, as a zstd frame whose prefix is the run of the host's
//   bodies stored just before it (its "chain"). Stored form (compression 'zstd'): the byte 0x03,
//   the blobs row id of the previous body of the chain (unsigned LEB128), then the frame; archives
//   before schema 16 also hold the byte 0x02, the previous body's SHA-256 (32 bytes), then the
//   frame (read alike, no longer written). The prefix of a
//   chained body is the prefix of the previous body followed by the previous body itself; a body
//   stored any other way starts a chain (its prefix is empty). A chain holds at most
//   kMaxBodyChainFrames bodies and kMaxBodyChainBytes bytes, so reading any body decodes at most
//   that many frames and bytes (a reader keeps the last chain it decoded, so reading the bodies
//   of one host in turn decodes each frame once).
// - Dictionaries. A body that starts a chain is compressed against the host's newest "body"
//   dictionary (dictionaries.h), trained from the host's earlier bodies.
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

  // Stores `bytes` unless a blob with its digest exists; *sha256 receives the hex digest and *id
  // the blobs row id (what rows naming the body store). `scope` names the dictionary family
  // ("" = none: attachments, binary data). Must run inside the caller's transaction.
  Status Put(std::string_view bytes, const std::string& scope, std::string* sha256, int64_t* id);
  // NotFound when absent; Corruption when the stored data does not decompress to the right size
  // or hash (when verify_hash).
  Status Get(const std::string& sha256, std::string* bytes, bool verify_hash);
  bool Has(const std::string& sha256);
  // The blobs row id of the body with this hex digest; NotFound when absent.
  Status IdOf(const std::string& sha256, int64_t* id);

  // When `scope` has enough text bodies (dictionaries.h: kFirstBodyTrainingSamples, kRetrainGrowth),
  // trains its next "body" dictionary from the newest ones and recompresses the scope's bodies
  // stored without a dictionary. Must run inside the caller's transaction, after the capture row
  // that names the newest body was inserted.
  Status MaybeTrain(const std::string& scope);

  // True when a stored blob row is a chained frame (above).
  static bool IsChained(const std::string& compression, std::string_view data);
  // Decodes one stored blob row (shared with verify).
  static Status Decode(const std::string& sha256, const std::string& compression, int64_t size,
                       std::string_view data, DictionarySource* dictionaries, std::string* bytes);

 private:
  // The chained frame (blob_store.h) of `bytes` after the last body of `scope`; "" when there is
  // none or the chain is full.
  Status CompressChained(std::string_view bytes, const std::string& scope, std::string* chained);

  Db* db_;
  int level_;
  Dictionaries* dictionaries_;
  // Per scope: the last text body stored, which the next one may chain to (when it is still in the
  // archive: its transaction may have been rolled back).
  std::map<std::string, std::string> last_body_;
  // Per scope: how many more new bodies before MaybeTrain needs to count again (a crawl of a
  // large host would otherwise count its bodies once per fetch). Only a hint: a stale value
  // delays training by a few bodies, never skips it.
  std::map<std::string, int64_t> until_check_;
};

// Most bodies in one chain (the frames a read of its last body decodes).
inline constexpr size_t kMaxBodyChainFrames = 64;
// Most bytes in one chain: the prefix of its last body plus that body (a zstd window must reach
// back over the prefix; a read decodes at most this much).
inline constexpr size_t kMaxBodyChainBytes = 1 << 20;

// True for the Content-Types whose bodies share a site's template (dictionary candidates).
bool IsTextContentType(std::string_view content_type);

// The condition (on an unqualified blobs.sha256) finding the body with hex digest `param` through
// the index blobs_by_digest: it holds the first 8 bytes of each digest, a third of the bytes an index
// of whole digests takes, and the second half of the condition compares the whole digest.
#define GONGKAI_BLOB_DIGEST_IS(param) \
  "substr(sha256, 1, 8) = substr(gongkai_digest(" param "), 1, 8) AND sha256 = gongkai_digest(" param ")"

// blobs.sha256 holds a body's SHA-256 as its 32 bytes (schema 16); every other row names a body by
// its blobs row id (body_id). Registers gongkai_digest(hex) -> that 32-byte BLOB, for 64 lower-case
// hex digits only (anything else gives NULL, which matches no body: an upper-case or cut digest
// names nothing, as when digests were stored as hex text). lower(hex(sha256)) is the way back.
Status RegisterDigestFunction(sqlite3* db);

}  // namespace gongkai::storage
