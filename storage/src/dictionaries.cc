#include "dictionaries.h"

#define ZDICT_STATIC_LINKING_ONLY
#include <zdict.h>

#include <algorithm>

#include "blob_store.h"
#include "storage/digest.h"

namespace gongkai::storage {
namespace {

const char kSelectDictionary[] = "SELECT sha256, data FROM zstd_dictionaries WHERE id = ?1";
const char kNewestDictionary[] =
    "SELECT id, samples FROM zstd_dictionaries WHERE kind = ?1 AND scope = ?2 ORDER BY samples DESC LIMIT 1";
const char kIdTaken[] = "SELECT 1 FROM zstd_dictionaries WHERE id = ?1";
const char kInsertDictionary[] =
    "INSERT INTO zstd_dictionaries(id, kind, scope, created_at_ms, samples, sha256, data) "
    "VALUES(?1, ?2, ?3, strftime('%s', 'now') * 1000, ?4, ?5, ?6)";
const char kSelectBody[] = "SELECT compression, size, data FROM blobs WHERE " GONGKAI_BLOB_DIGEST_IS("?1");
const char kSelectBodySha[] = "SELECT lower(hex(sha256)) FROM blobs WHERE id = ?1";
const char kAllDictionaries[] = "SELECT id FROM zstd_dictionaries ORDER BY id";

// zstd reserves dictionary ids below 32768 for a future registry. Ours are 32768 + 30 bits of the
// SHA-256 of the dictionary's content (after its 8-byte header), so an id never names two
// different dictionaries, even when a transaction that stored one was rolled back and the caches
// (by id) outlived it.
constexpr uint32_t kFirstDictionaryId = 32768;
constexpr size_t kDictionaryHeaderBytes = 8;  // magic 0xEC30A437, then the id (RFC 8878 5.)
// A dictionary's own stored form is a frame without dictionary: this caps what it may claim.
constexpr size_t kMaxStoredDictionaryBytes = 1 << 20;
// Room for a dictionary's header and entropy tables beside its content.
constexpr size_t kDictionaryTablesBytes = 4 << 10;

// Makes room for one more entry in a map of loaded dictionaries (kMaxLoadedDictionaries).
template <typename Map, typename Free>
void EvictLeastRecentlyUsed(Map* map, Free free) {
  if (map->size() < kMaxLoadedDictionaries) return;
  auto oldest = map->begin();
  for (auto it = map->begin(); it != map->end(); ++it) {
    if (it->second.used < oldest->second.used) oldest = it;
  }
  free(oldest->second);
  map->erase(oldest);
}

}  // namespace

std::string CompressFrame(std::string_view bytes, int level, const ZSTD_CDict* dict) {
  thread_local std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> cctx(ZSTD_createCCtx(), &ZSTD_freeCCtx);
  ZSTD_CCtx_reset(cctx.get(), ZSTD_reset_session_and_parameters);
  if (dict != nullptr) {
    ZSTD_CCtx_refCDict(cctx.get(), dict);  // its level applies
  } else {
    ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, level);
  }
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_checksumFlag, 1);  // a changed byte fails decompression
  std::string out(ZSTD_compressBound(bytes.size()), '\0');
  size_t n = ZSTD_compress2(cctx.get(), out.data(), out.size(), bytes.data(), bytes.size());
  if (ZSTD_isError(n)) return {};
  out.resize(n);
  return out;
}

Status DecompressFrame(std::string_view frame, size_t max_bytes, DictionarySource* dicts,
                       std::string* bytes) {
  bytes->clear();
  unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN) {
    return Status::Corruption("not a zstd frame with a known size");
  }
  if (size > max_bytes)
    return Status::Corruption("zstd frame claims " + std::to_string(size) + " bytes, more than the limit");
  const ZSTD_DDict* ddict = nullptr;
  if (unsigned id = ZSTD_getDictID_fromFrame(frame.data(), frame.size()); id != 0) {
    if (dicts == nullptr) return Status::Corruption("zstd frame needs dictionary " + std::to_string(id));
    Status status = dicts->ForDecompression(id, &ddict);
    if (!status.ok()) return status;
  }
  thread_local std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> dctx(ZSTD_createDCtx(), &ZSTD_freeDCtx);
  bytes->resize(static_cast<size_t>(size));
  size_t n = ddict != nullptr
                 ? ZSTD_decompress_usingDDict(dctx.get(), bytes->data(), bytes->size(), frame.data(),
                                              frame.size(), ddict)
                 : ZSTD_decompressDCtx(dctx.get(), bytes->data(), bytes->size(), frame.data(), frame.size());
  if (ZSTD_isError(n) || n != size) {
    bytes->clear();
    return Status::Corruption(std::string("zstd data does not decompress: ") +
                              (ZSTD_isError(n) ? ZSTD_getErrorName(n) : "short frame"));
  }
  return Status::OK();
}

std::string CompressFrameWithPrefix(std::string_view bytes, int level, std::string_view prefix) {
  thread_local std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> cctx(ZSTD_createCCtx(), &ZSTD_freeCCtx);
  ZSTD_CCtx_reset(cctx.get(), ZSTD_reset_session_and_parameters);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, level);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_checksumFlag, 1);
  ZSTD_CCtx_refPrefix(cctx.get(), prefix.data(), prefix.size());  // this frame only
  std::string out(ZSTD_compressBound(bytes.size()), '\0');
  size_t n = ZSTD_compress2(cctx.get(), out.data(), out.size(), bytes.data(), bytes.size());
  if (ZSTD_isError(n)) return {};
  out.resize(n);
  return out;
}

Status DecompressFrameWithPrefix(std::string_view frame, size_t max_bytes, std::string_view prefix,
                                 std::string* out) {
  unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN) {
    return Status::Corruption("not a zstd frame with a known size");
  }
  if (size > max_bytes)
    return Status::Corruption("zstd frame claims " + std::to_string(size) + " bytes, more than the limit");
  thread_local std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> dctx(ZSTD_createDCtx(), &ZSTD_freeDCtx);
  ZSTD_DCtx_reset(dctx.get(), ZSTD_reset_session_and_parameters);
  ZSTD_DCtx_refPrefix(dctx.get(), prefix.data(), prefix.size());
  const size_t start = out->size();
  out->resize(start + static_cast<size_t>(size));
  size_t n = ZSTD_decompressDCtx(dctx.get(), out->data() + start, static_cast<size_t>(size), frame.data(),
                                 frame.size());
  if (ZSTD_isError(n) || n != size) {
    out->resize(start);
    return Status::Corruption(std::string("zstd data does not decompress: ") +
                              (ZSTD_isError(n) ? ZSTD_getErrorName(n) : "short frame"));
  }
  return Status::OK();
}

Dictionaries::Dictionaries(Db* db, int level) : db_(db), level_(level) {}

Dictionaries::~Dictionaries() {
  for (auto& [id, d] : ddicts_) ZSTD_freeDDict(d.dict);
  for (auto& [key, entry] : cdicts_) ZSTD_freeCDict(entry.dict);
}

Status Dictionaries::Load(uint32_t id, std::string* content) {
  Status status;
  auto stmt = db_->Prepare(kSelectDictionary, &status);
  if (!stmt) return status;
  int rc = stmt->Bind(1, static_cast<int64_t>(id)).Step();
  if (rc == SQLITE_DONE) return Status::Corruption("zstd dictionary " + std::to_string(id) + " is missing");
  if (rc != SQLITE_ROW) return SqliteStatus(rc, "read zstd dictionary " + std::to_string(id), db_->raw());
  std::string sha256 = stmt->Text(0);
  std::string stored = stmt->Blob(1);
  status = DecompressFrame(stored, kMaxStoredDictionaryBytes, nullptr, content);
  if (!status.ok())
    return Status::Corruption("zstd dictionary " + std::to_string(id) + ": " + status.message());
  if (Sha256Hex(*content) != sha256) {
    return Status::Corruption("zstd dictionary " + std::to_string(id) +
                              ": content does not hash to its sha256");
  }
  return Status::OK();
}

Status Dictionaries::ForDecompression(uint32_t id, const ZSTD_DDict** dict) {
  auto it = ddicts_.find(id);
  if (it == ddicts_.end()) {
    std::string content;
    Status status = Load(id, &content);
    if (!status.ok()) return status;
    ZSTD_DDict* d = ZSTD_createDDict(content.data(), content.size());
    if (d == nullptr) return Status::Corruption("zstd dictionary " + std::to_string(id) + " does not load");
    EvictLeastRecentlyUsed(&ddicts_, [](LoadedDDict& e) { ZSTD_freeDDict(e.dict); });
    it = ddicts_.emplace(id, LoadedDDict{d, 0}).first;
  }
  it->second.used = ++clock_;
  *dict = it->second.dict;
  return Status::OK();
}

Status Dictionaries::StoredBody(const std::string& sha256, std::string* compression, int64_t* size,
                                std::string* data) {
  Status status;
  // The statement is reset before the caller decodes, which may read the body's dictionary.
  auto stmt = db_->Prepare(kSelectBody, &status);
  if (!stmt) return status;
  int rc = stmt->Bind(1, sha256).Step();
  if (rc == SQLITE_DONE) return Status::Corruption("body " + sha256 + " is missing");
  if (rc != SQLITE_ROW) return SqliteStatus(rc, "read body " + sha256, db_->raw());
  *compression = stmt->Text(0);
  *size = stmt->Int(1);
  *data = stmt->Blob(2);
  return Status::OK();
}

Status Dictionaries::BodySha256OfId(int64_t blob_id, std::string* sha256) {
  Status status;
  auto stmt = db_->Prepare(kSelectBodySha, &status);
  if (!stmt) return status;
  int rc = stmt->Bind(1, blob_id).Step();
  if (rc == SQLITE_DONE) return Status::Corruption("body row " + std::to_string(blob_id) + " is missing");
  if (rc != SQLITE_ROW) return SqliteStatus(rc, "read body row " + std::to_string(blob_id), db_->raw());
  *sha256 = stmt->Text(0);
  return Status::OK();
}

Status Dictionaries::Body(const std::string& sha256, std::string* bytes) {
  std::string compression, data;
  int64_t size = 0;
  Status status = StoredBody(sha256, &compression, &size, &data);
  if (!status.ok()) return status;
  return BlobStore::Decode(sha256, compression, size, data, this, bytes);
}

Status Dictionaries::ForCompression(const std::string& kind, const std::string& scope,
                                    const ZSTD_CDict** dict) {
  *dict = nullptr;
  Status status;
  uint32_t id = 0;
  {
    auto stmt = db_->Prepare(kNewestDictionary, &status);
    if (!stmt) return status;
    int rc = stmt->Bind(1, kind).Bind(2, scope).Step();
    if (rc == SQLITE_DONE) return Status::OK();
    if (rc != SQLITE_ROW) return SqliteStatus(rc, "find zstd dictionary", db_->raw());
    id = static_cast<uint32_t>(stmt->Int(0));
  }
  auto key = std::make_pair(kind, scope);
  auto it = cdicts_.find(key);
  if (it != cdicts_.end() && it->second.id == id) {
    it->second.used = ++clock_;
    *dict = it->second.dict;
    return Status::OK();
  }
  std::string content;
  status = Load(id, &content);
  if (!status.ok()) return status;
  ZSTD_CDict* d = ZSTD_createCDict(content.data(), content.size(), level_);
  if (d == nullptr) return Status::IOError("cannot load zstd dictionary " + std::to_string(id));
  if (it != cdicts_.end()) {
    ZSTD_freeCDict(it->second.dict);
    cdicts_.erase(it);
  }
  EvictLeastRecentlyUsed(&cdicts_, [](LoadedCDict& e) { ZSTD_freeCDict(e.dict); });
  cdicts_[key] = {id, d, ++clock_};
  *dict = d;
  return Status::OK();
}

Status Dictionaries::NewestSampleCount(const std::string& kind, const std::string& scope, int64_t* samples) {
  *samples = 0;
  Status status;
  auto stmt = db_->Prepare(kNewestDictionary, &status);
  if (!stmt) return status;
  int rc = stmt->Bind(1, kind).Bind(2, scope).Step();
  if (rc == SQLITE_ROW) *samples = stmt->Int(1);
  return SqliteStatus(rc, "find zstd dictionary", db_->raw());
}

Status Dictionaries::Train(const std::string& kind, const std::string& scope,
                           const std::vector<std::string>& samples, int64_t population, uint32_t* id) {
  *id = 0;
  std::string flat;
  std::vector<size_t> sizes;
  for (const std::string& s : samples) {
    if (s.empty()) continue;
    flat += s;
    sizes.push_back(s.size());
  }
  if (sizes.size() < 4) return Status::OK();
  Status status;
  // The dictionary's content is the newest samples themselves (oldest first, so the newest end
  // nearest the frame), up to kRawContentBytes: a site's pages repeat whole paragraphs and
  // blocks, not only short strings, and a trained dictionary of a tenth of the samples kept a
  // quarter of what the samples say about each other (archive_size_bench: report bodies 0.19 of
  // raw with a trained dictionary, 0.07 with raw content). The zstd header and entropy tables
  // come from the samples (ZDICT_finalizeDictionary).
  std::string content;
  for (auto it = samples.begin(); it != samples.end() && content.size() < kRawContentBytes; ++it) {
    const size_t take = std::min(it->size(), kRawContentBytes - content.size());
    content.insert(0, it->data() + it->size() - take, take);  // samples come newest first
  }
  if (content.size() < kMinDictionaryBytes) return Status::OK();
  std::string dict(content.size() + kDictionaryTablesBytes, '\0');
  ZDICT_params_t params{};
  params.compressionLevel = level_;
  params.dictID = kFirstDictionaryId;  // replaced below
  size_t n = ZDICT_finalizeDictionary(dict.data(), dict.size(), content.data(), content.size(), flat.data(),
                                      sizes.data(), static_cast<unsigned>(sizes.size()), params);
  if (ZDICT_isError(n) || n <= kDictionaryHeaderBytes) return Status::OK();  // too little to learn from
  dict.resize(n);
  const std::string content_hash = Sha256Hex(std::string_view(dict).substr(kDictionaryHeaderBytes));
  int64_t next = kFirstDictionaryId + (std::stoll(content_hash.substr(0, 8), nullptr, 16) & 0x3FFFFFFF);
  for (;; ++next) {  // a 30-bit collision: the next free id
    auto taken = db_->Prepare(kIdTaken, &status);
    if (!taken) return status;
    int rc = taken->Bind(1, next).Step();
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return SqliteStatus(rc, "number a zstd dictionary", db_->raw());
  }
  for (size_t i = 0; i < 4; ++i)
    dict[4 + i] = static_cast<char>((static_cast<uint64_t>(next) >> (8 * i)) & 0xff);
  std::string stored = CompressFrame(dict, 19, nullptr);
  auto stmt = db_->Prepare(kInsertDictionary, &status);
  if (!stmt) return status;
  stmt->Bind(1, next).Bind(2, kind).Bind(3, scope).Bind(4, population);
  stmt->Bind(5, Sha256Hex(dict)).BindBlob(6, stored);
  status = stmt->Exec("store zstd dictionary");
  if (status.ok()) *id = static_cast<uint32_t>(next);
  return status;
}

void Dictionaries::Verify(std::vector<std::string>* problems) {
  Stmt stmt(db_->raw(), kAllDictionaries);
  if (!stmt.prepared()) return;  // before v5: no table
  int rc;
  while ((rc = stmt.Step()) == SQLITE_ROW) {
    std::string content;
    Status status = Load(static_cast<uint32_t>(stmt.Int(0)), &content);
    if (!status.ok()) problems->push_back(status.message());
  }
  if (rc != SQLITE_DONE)
    problems->push_back("reading zstd dictionaries failed: " + std::string(sqlite3_errmsg(db_->raw())));
}

}  // namespace gongkai::storage
