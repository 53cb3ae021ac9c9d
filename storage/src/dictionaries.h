// zstd dictionaries inside the archive (table zstd_dictionaries): the pages of one portal share
// most of their bytes (template, navigation, footer), and so do the texts of its reports, so each
// small frame compresses several times better against a dictionary trained on its site's earlier
// ones. Internal to storage.
//
// - A dictionary belongs to a kind ("body": HTML/XML bodies, "text": extraction texts and tables)
//   and a scope (the host). Its row id IS its zstd dictionary id, and every frame compressed with
//   it names that id in its header (ZSTD_getDictID_fromFrame), so a frame always finds its own
//   dictionary, whatever was trained later.
// - Training: when a scope holds kFirstTrainingSamples samples of a kind and has no dictionary,
//   and again whenever it has grown kRetrainGrowth-fold since its newest dictionary. Frames already
//   stored without a dictionary are then recompressed with the new one (their bytes and digests
//   are unchanged); frames made with an older dictionary keep it.
// - Dictionaries are stored zstd-compressed (with a checksum) and their SHA-256 is kept, so a
//   damaged dictionary is found by verify before the frames that need it.
#pragma once

#include <zstd.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sqlite_util.h"

namespace gongkai::storage {

// The bodies of the chain (blob_store.h) a connection decoded last: their digests, oldest first,
// where each ends in `content`, and their bytes one after the other. A chain's content depends
// only on the digests of its bodies.
struct DecodedBodyChain {
  std::vector<std::string> shas;
  std::vector<size_t> ends;
  std::string content;
};

// Reads dictionaries for decompression (also used by the SQL function gongkai_unzstd).
class DictionarySource {
 public:
  virtual ~DictionarySource() = default;
  // The decompression dictionary with zstd id `id`; Corruption when missing or damaged.
  virtual Status ForDecompression(uint32_t id, const ZSTD_DDict** dict) = 0;
  // The stored body with this SHA-256 (hex), decompressed: the prefix of a text frame made
  // against its body (text_codec.h). Corruption when missing or damaged.
  virtual Status Body(const std::string& sha256, std::string* bytes) = 0;
  // The SHA-256 (hex) of the body in blobs row `blob_id`: texts stored against their page name it
  // by row id (text_codec.h, form 0x03). Corruption when there is no such row.
  virtual Status BodySha256OfId(int64_t blob_id, std::string* sha256) = 0;
  // The blobs row of this body as stored (compression, size, data), for bodies stored against
  // their host's earlier bodies (blob_store.h). Corruption when missing.
  virtual Status StoredBody(const std::string& sha256, std::string* compression, int64_t* size,
                            std::string* data) = 0;
  // The connection's last decoded chain, kept so that reading the bodies of one host in turn
  // decodes each frame once.
  virtual DecodedBodyChain* LastChain() = 0;
};

// First dictionary of a scope at this many samples (pages of a site share their template from the
// first few on).
inline constexpr int kFirstTrainingSamples = 8;
// Bodies are chained (blob_store.h) and only a body that starts a chain uses a dictionary, so a
// host's first "body" dictionary waits until its bodies fill two chains: a dictionary costs about
// as much as the pages of one chain save with it.
inline constexpr int kFirstBodyTrainingSamples = 128;
// A new dictionary once the scope has this many times the samples of its newest one.
inline constexpr int kRetrainGrowth = 4;
// Samples read for training: the newest ones, at most this many and this many bytes.
inline constexpr int kMaxTrainingSamples = 256;
inline constexpr size_t kMaxTrainingBytes = 4 << 20;
// Dictionary content: the newest samples themselves, up to this many bytes (dictionaries.cc). A
// dictionary is paid once per site and kind (stored compressed, about a tenth of this on a
// portal's pages); a scope with less sample content than kMinDictionaryBytes gets none.
inline constexpr size_t kMinDictionaryBytes = 512;
inline constexpr size_t kRawContentBytes = 128 << 10;

// Loaded dictionaries a connection keeps for compression, and as many for decompression.
inline constexpr size_t kMaxLoadedDictionaries = 64;

class Dictionaries final : public DictionarySource {
 public:
  Dictionaries(Db* db, int level);
  ~Dictionaries() override;
  Dictionaries(const Dictionaries&) = delete;
  Dictionaries& operator=(const Dictionaries&) = delete;

  Status ForDecompression(uint32_t id, const ZSTD_DDict** dict) override;
  Status Body(const std::string& sha256, std::string* bytes) override;
  Status BodySha256OfId(int64_t blob_id, std::string* sha256) override;
  Status StoredBody(const std::string& sha256, std::string* compression, int64_t* size,
                    std::string* data) override;
  DecodedBodyChain* LastChain() override { return &last_chain_; }
  // The newest compression dictionary of (kind, scope); *dict = nullptr when there is none.
  Status ForCompression(const std::string& kind, const std::string& scope, const ZSTD_CDict** dict);

  // Trains a dictionary of (kind, scope) from `samples` and stores it, noting that the scope held
  // `population` samples then; *id receives its id (0 when training failed, e.g. too few
  // distinct bytes: not an error, frames then go without).
  Status Train(const std::string& kind, const std::string& scope, const std::vector<std::string>& samples,
               int64_t population, uint32_t* id);
  // The population of the scope when its newest dictionary was trained (0 when none).
  Status NewestSampleCount(const std::string& kind, const std::string& scope, int64_t* samples);

  // Checks every dictionary's digest and that it loads; one line per problem.
  void Verify(std::vector<std::string>* problems);

 private:
  Status Load(uint32_t id, std::string* content);

  Db* db_;
  int level_;
  DecodedBodyChain last_chain_;
  // Loaded dictionaries, at most kMaxLoadedDictionaries of each map (the least recently used goes
  // first): a dictionary of 128 KiB takes ~0.2 MB to decompress with and ~1 MB to compress with,
  // and a crawl or an export of thousands of hosts must not hold them all.
  struct LoadedDDict {
    ZSTD_DDict* dict = nullptr;
    uint64_t used = 0;
  };
  struct LoadedCDict {
    uint32_t id = 0;
    ZSTD_CDict* dict = nullptr;
    uint64_t used = 0;
  };
  uint64_t clock_ = 0;
  std::map<uint32_t, LoadedDDict> ddicts_;
  std::map<std::pair<std::string, std::string>, LoadedCDict> cdicts_;
};

// Compresses `bytes` into one zstd frame with content size and checksum, against `dict` when not
// null. "" on failure (allocation only).
std::string CompressFrame(std::string_view bytes, int level, const ZSTD_CDict* dict);
// Decompresses one frame (of known content size <= max_bytes), loading its dictionary from
// `dicts` when the frame names one. Corruption on any damage.
Status DecompressFrame(std::string_view frame, size_t max_bytes, DictionarySource* dicts, std::string* bytes);
// Like CompressFrame, with `prefix` (raw content) instead of a dictionary: the frame can only be
// decompressed with the same prefix (DecompressFrameWithPrefix). "" on failure.
std::string CompressFrameWithPrefix(std::string_view bytes, int level, std::string_view prefix);
// Appends the content of `frame` (of known content size <= max_bytes), made with `prefix`, to *out.
// Corruption on any damage (a wrong prefix fails the frame's checksum).
Status DecompressFrameWithPrefix(std::string_view frame, size_t max_bytes, std::string_view prefix,
                                 std::string* out);

}  // namespace gongkai::storage
