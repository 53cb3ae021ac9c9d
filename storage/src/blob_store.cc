#include "blob_store.h"
#include "text_codec.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "storage/digest.h"

namespace gongkai::storage {
namespace {

// Bodies are looked up by hex digest (?1), which blobs.sha256 holds as 32 bytes (gongkai_digest),
// through blobs_by_digest.
const char kSelectBlob[] = "SELECT compression, size, data FROM blobs WHERE " GONGKAI_BLOB_DIGEST_IS("?1");
const char kBlobId[] = "SELECT id FROM blobs WHERE " GONGKAI_BLOB_DIGEST_IS("?1");
const char kInsertBlob[] =
    "INSERT INTO blobs(sha256, size, compression, stored_size, data) VALUES(gongkai_digest(?1), ?2, ?3, ?4, ?5)";
const char kUpdateBlob[] =
    "UPDATE blobs SET compression = 'zstd', stored_size = ?2, data = ?3 WHERE " GONGKAI_BLOB_DIGEST_IS("?1");
// The SQL twin of IsTextContentType, for a `captures c` alias.
#define GONGKAI_TEXT_BODY                                                                               \
  "(c.content_type = '' OR lower(c.content_type) LIKE 'text/%' OR lower(c.content_type) LIKE '%html%' " \
  "OR lower(c.content_type) LIKE '%xml%' OR lower(c.content_type) LIKE '%json%')"
const char kCountScope[] =
    "SELECT count(DISTINCT c.body_id) FROM captures c WHERE c.host = ?1 AND c.body_id IS NOT NULL "
    "AND " GONGKAI_TEXT_BODY;
const char kScopeBodies[] =
    "SELECT lower(hex(b.sha256)) FROM captures c JOIN blobs b ON b.id = c.body_id WHERE c.host = ?1 "
    "AND " GONGKAI_TEXT_BODY " GROUP BY c.body_id ORDER BY max(c.id) DESC";
#undef GONGKAI_TEXT_BODY

// A body shorter than this gains nothing from a dictionary worth the lookup (robots.txt, 304s).
constexpr size_t kMinDictionaryBodyBytes = 256;

constexpr char kChainedBySha = 0x02;  // written before schema 16
constexpr char kChained = 0x03;
// Level of chained frames: matches reach back up to kMaxBodyChainBytes, which zstd's faster levels
// search only in part.
constexpr int kChainedBodyLevel = 9;
constexpr size_t kShaBytes = 32;

struct StoredRow {
  std::string sha256, compression, data;
  int64_t size = 0;
};

// Where the chained row `data` (BlobStore::IsChained) names its previous body (by digest, or by
// blobs row id when *previous_id > 0) and where its frame starts; false when cut short.
bool ParseChainLink(std::string_view data, std::string* previous_sha256, int64_t* previous_id,
                    size_t* frame_at) {
  *previous_id = 0;
  if (data[0] == kChainedBySha) {
    if (data.size() < 1 + kShaBytes) return false;
    *previous_sha256 = DigestToHex(data.substr(1, kShaBytes));
    *frame_at = 1 + kShaBytes;
    return true;
  }
  uint64_t id = 0;
  size_t at = 1;
  for (int shift = 0;; shift += 7) {
    if (at >= data.size() || shift > 56) return false;
    const auto byte = static_cast<unsigned char>(data[at++]);
    id |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) break;
  }
  if (id == 0 || id > static_cast<uint64_t>(INT64_MAX)) return false;
  *previous_id = static_cast<int64_t>(id);
  *frame_at = at;
  return true;
}

// The header of a chained row naming its previous body by blobs row id.
std::string ChainLink(int64_t previous_id) {
  std::string link(1, kChained);
  auto value = static_cast<uint64_t>(previous_id);
  do {
    const auto low = static_cast<unsigned char>(value & 0x7f);
    value >>= 7;
    link.push_back(static_cast<char>(value != 0 ? (low | 0x80) : low));
  } while (value != 0);
  return link;
}

// The frame of a chained row (after its link).
std::string_view ChainedFrame(std::string_view data) {
  std::string previous_sha256;
  int64_t previous_id = 0;
  size_t frame_at = data.size();
  (void)ParseChainLink(data, &previous_sha256, &previous_id, &frame_at);  // parsed before: cannot fail
  return data.substr(frame_at);
}

// Decodes the chain ending with `last` (a chained row) into dicts->LastChain(): reads the rows back
// to the chain's first body, reuses what the connection decoded before, and decodes the rest in
// order.
Status DecodeChain(StoredRow last, DictionarySource* dicts) {
  if (dicts == nullptr) return Status::Corruption("body " + last.sha256 + ": chain not at hand");
  std::vector<StoredRow> rows;
  rows.push_back(std::move(last));
  while (BlobStore::IsChained(rows.back().compression, rows.back().data)) {
    if (rows.size() >= kMaxBodyChainFrames) {
      return Status::Corruption("body " + rows.front().sha256 + ": chain of more than " +
                                std::to_string(kMaxBodyChainFrames) + " bodies");
    }
    StoredRow previous;
    int64_t previous_id = 0;
    size_t frame_at = 0;
    if (!ParseChainLink(rows.back().data, &previous.sha256, &previous_id, &frame_at))
      return Status::Corruption("body " + rows.back().sha256 + ": chained frame is cut short");
    Status status;
    if (previous_id > 0) status = dicts->BodySha256OfId(previous_id, &previous.sha256);
    if (status.ok())
      status = dicts->StoredBody(previous.sha256, &previous.compression, &previous.size, &previous.data);
    if (!status.ok()) return Status::Corruption("body " + rows.back().sha256 + ": " + status.message());
    rows.push_back(std::move(previous));
  }
  std::reverse(rows.begin(), rows.end());
  DecodedBodyChain& chain = *dicts->LastChain();
  size_t reuse = 0;
  while (reuse < rows.size() && reuse < chain.shas.size() && chain.shas[reuse] == rows[reuse].sha256) ++reuse;
  if (reuse == rows.size()) --reuse;  // the body asked for is always decoded from its own frame
  chain.shas.resize(reuse);
  chain.ends.resize(reuse);
  chain.content.resize(reuse == 0 ? 0 : chain.ends.back());
  for (size_t i = reuse; i < rows.size(); ++i) {
    const StoredRow& row = rows[i];
    Status status;
    if (i == 0) {
      status = BlobStore::Decode(row.sha256, row.compression, row.size, row.data, dicts, &chain.content);
    } else {
      if (chain.content.size() + static_cast<size_t>(std::max<int64_t>(row.size, 0)) > kMaxBodyChainBytes) {
        status = Status::Corruption("body " + row.sha256 + ": chain longer than " +
                                    std::to_string(kMaxBodyChainBytes) + " bytes");
      } else {
        std::string body;
        status = DecompressFrameWithPrefix(ChainedFrame(row.data), kMaxBodyChainBytes, chain.content, &body);
        if (!status.ok()) status = Status::Corruption("body " + row.sha256 + ": " + status.message());
        chain.content += body;
      }
    }
    const size_t start = chain.shas.empty() ? 0 : chain.ends.back();
    if (status.ok() && static_cast<int64_t>(chain.content.size() - start) != row.size) {
      status =
          Status::Corruption("body " + row.sha256 + ": size " + std::to_string(chain.content.size() - start) +
                             " differs from recorded " + std::to_string(row.size));
    }
    if (!status.ok()) {
      chain = DecodedBodyChain();
      return status;
    }
    chain.shas.push_back(row.sha256);
    chain.ends.push_back(chain.content.size());
  }
  return Status::OK();
}

// gongkai_digest(hex) -> the 32-byte digest, or NULL (RegisterDigestFunction).
void DigestFunction(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  const unsigned char* text = sqlite3_value_text(argv[0]);
  const int n = sqlite3_value_bytes(argv[0]);
  if (sqlite3_value_type(argv[0]) != SQLITE_TEXT || text == nullptr || n != 2 * static_cast<int>(kShaBytes))
    return sqlite3_result_null(ctx);
  for (int i = 0; i < n; ++i) {
    if (!std::isdigit(text[i]) && (text[i] < 'a' || text[i] > 'f')) return sqlite3_result_null(ctx);
  }
  const std::string raw = DigestFromHex(std::string_view(reinterpret_cast<const char*>(text), n));
  sqlite3_result_blob(ctx, raw.data(), static_cast<int>(raw.size()), SQLITE_TRANSIENT);
}

}  // namespace

Status RegisterDigestFunction(sqlite3* db) {
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int rc = sqlite3_create_function_v2(db, "gongkai_digest", 1, flags, nullptr, &DigestFunction, nullptr,
                                      nullptr, nullptr);
  if (rc != SQLITE_OK)
    return Status::IOError(std::string("cannot register gongkai_digest: ") + sqlite3_errmsg(db));
  return Status::OK();
}

bool BlobStore::IsChained(const std::string& compression, std::string_view data) {
  return compression == "zstd" && !data.empty() && (data[0] == kChained || data[0] == kChainedBySha);
}

bool IsTextContentType(std::string_view content_type) {
  std::string t(content_type);
  std::transform(t.begin(), t.end(), t.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return t.empty() || t.rfind("text/", 0) == 0 || t.find("html") != std::string::npos ||
         t.find("xml") != std::string::npos || t.find("json") != std::string::npos;
}

BlobStore::BlobStore(Db* db, int zstd_level, Dictionaries* dictionaries)
    : db_(db), level_(zstd_level), dictionaries_(dictionaries) {}

bool BlobStore::Has(const std::string& sha256) {
  int64_t id = 0;
  return IdOf(sha256, &id).ok();
}

Status BlobStore::IdOf(const std::string& sha256, int64_t* id) {
  Status status;
  auto stmt = db_->Prepare(kBlobId, &status);
  if (!stmt) return status;
  int rc = stmt->Bind(1, sha256).Step();
  if (rc == SQLITE_DONE) return Status::NotFound("no body with sha256 " + sha256);
  if (rc != SQLITE_ROW) return SqliteStatus(rc, "find body " + sha256, db_->raw());
  *id = stmt->Int(0);
  return Status::OK();
}

Status BlobStore::Put(std::string_view bytes, const std::string& scope, std::string* sha256, int64_t* id) {
  *sha256 = Sha256Hex(bytes);
  Status found = IdOf(*sha256, id);
  if (!found.IsNotFound()) return found;
  const ZSTD_CDict* dict = nullptr;
  if (!scope.empty() && bytes.size() >= kMinDictionaryBodyBytes) {
    Status status = dictionaries_->ForCompression("body", scope, &dict);
    if (!status.ok()) return status;
  }
  std::string compressed = CompressFrame(bytes, level_, dict);
  if (compressed.empty() && !bytes.empty()) return Status::IOError("zstd compression failed");
  if (!scope.empty() && bytes.size() >= kMinDictionaryBodyBytes) {
    std::string chained;
    Status status = CompressChained(bytes, scope, &chained);
    if (!status.ok()) return status;
    // Preferred whenever it exists: the longer a chain, the smaller the frames after it.
    if (!chained.empty()) compressed = std::move(chained);
    last_body_[scope] = *sha256;
  }
  bool use_zstd = compressed.size() < bytes.size();
  std::string_view data = use_zstd ? std::string_view(compressed) : bytes;
  Status status;
  auto stmt = db_->Prepare(kInsertBlob, &status);
  if (!stmt) return status;
  stmt->Bind(1, *sha256).Bind(2, static_cast<int64_t>(bytes.size()));
  stmt->Bind(3, use_zstd ? "zstd" : "none").Bind(4, static_cast<int64_t>(data.size()));
  stmt->BindBlob(5, data);
  status = stmt->Exec("store body " + *sha256);
  if (status.ok()) *id = db_->LastInsertId();
  return status;
}

Status BlobStore::CompressChained(std::string_view bytes, const std::string& scope, std::string* chained) {
  chained->clear();
  auto last = last_body_.find(scope);
  int64_t previous_id = 0;  // the chain's last body, if still in the archive (not rolled back)
  if (last == last_body_.end() || !IdOf(last->second, &previous_id).ok()) return Status::OK();
  StoredRow row;
  row.sha256 = last->second;
  Status status = dictionaries_->StoredBody(row.sha256, &row.compression, &row.size, &row.data);
  if (status.ok()) status = DecodeChain(std::move(row), dictionaries_);
  if (status.IsCorruption()) return Status::OK();  // a damaged chain is not extended (verify reports it)
  if (!status.ok()) return status;
  const DecodedBodyChain& chain = *dictionaries_->LastChain();
  if (chain.shas.size() >= kMaxBodyChainFrames || chain.content.size() + bytes.size() > kMaxBodyChainBytes)
    return Status::OK();
  std::string frame = CompressFrameWithPrefix(bytes, std::max(level_, kChainedBodyLevel), chain.content);
  if (frame.empty()) return Status::OK();
  *chained = ChainLink(previous_id) + frame;
  return Status::OK();
}

Status BlobStore::MaybeTrain(const std::string& scope) {
  if (scope.empty()) return Status::OK();
  auto hint = until_check_.find(scope);
  if (hint != until_check_.end() && --hint->second > 0) return Status::OK();
  Status status;
  int64_t count = 0;
  {
    auto stmt = db_->Prepare(kCountScope, &status);
    if (!stmt) return status;
    int rc = stmt->Bind(1, scope).Step();
    if (rc != SQLITE_ROW) return SqliteStatus(rc, "count bodies of " + scope, db_->raw());
    count = stmt->Int(0);
  }
  int64_t trained = 0;
  status = dictionaries_->NewestSampleCount("body", scope, &trained);
  if (!status.ok()) return status;
  const int64_t threshold = trained == 0 ? kFirstBodyTrainingSamples : trained * kRetrainGrowth;
  if (count < threshold) {
    until_check_[scope] = threshold - count;
    return Status::OK();
  }
  until_check_[scope] = count * (kRetrainGrowth - 1);
  std::vector<std::string> shas;
  {
    auto stmt = db_->Prepare(kScopeBodies, &status);
    if (!stmt) return status;
    stmt->Bind(1, scope);
    int rc;
    while ((rc = stmt->Step()) == SQLITE_ROW) shas.push_back(stmt->Text(0));
    if (rc != SQLITE_DONE) return SqliteStatus(rc, "list bodies of " + scope, db_->raw());
  }
  std::vector<std::string> samples;
  size_t sample_bytes = 0;
  for (const std::string& sha : shas) {
    if (static_cast<int>(samples.size()) >= kMaxTrainingSamples || sample_bytes >= kMaxTrainingBytes) break;
    std::string body;
    status = Get(sha, &body, /*verify_hash=*/false);
    if (!status.ok()) return status;
    sample_bytes += body.size();
    samples.push_back(std::move(body));
  }
  uint32_t id = 0;
  status = dictionaries_->Train("body", scope, samples, count, &id);
  if (!status.ok() || id == 0) return status;
  const ZSTD_CDict* dict = nullptr;
  status = dictionaries_->ForCompression("body", scope, &dict);
  if (!status.ok() || dict == nullptr) return status;
  // Bodies stored without a dictionary take the new one; those with an older one keep it.
  for (const std::string& sha : shas) {
    std::string data, compression;
    int64_t size = 0;
    {
      auto stmt = db_->Prepare(kSelectBlob, &status);
      if (!stmt) return status;
      if (stmt->Bind(1, sha).Step() != SQLITE_ROW) continue;
      data = stmt->Blob(2);
      compression = stmt->Text(0);
      size = stmt->Int(1);
    }
    // Chained bodies stay as they are: later bodies of their chain are made against them.
    if (IsChained(compression, data)) continue;
    if (compression == "zstd" && ZSTD_getDictID_fromFrame(data.data(), data.size()) != 0) continue;
    std::string body;
    status = Decode(sha, compression, size, data, dictionaries_, &body);
    if (!status.ok()) return status;
    if (body.size() < kMinDictionaryBodyBytes) continue;
    std::string again = CompressFrame(body, level_, dict);
    if (again.empty() || again.size() >= data.size()) continue;
    auto update = db_->Prepare(kUpdateBlob, &status);
    if (!update) return status;
    status = update->Bind(1, sha)
                 .Bind(2, static_cast<int64_t>(again.size()))
                 .BindBlob(3, again)
                 .Exec("recompress body " + sha);
    if (!status.ok()) return status;
  }
  return Status::OK();
}

Status BlobStore::Decode(const std::string& sha256, const std::string& compression, int64_t size,
                         std::string_view data, DictionarySource* dictionaries, std::string* bytes) {
  if (compression == "none") {
    bytes->assign(data);
  } else if (IsChained(compression, data)) {
    StoredRow row{sha256, compression, std::string(data), size};
    Status status = DecodeChain(std::move(row), dictionaries);
    if (!status.ok()) return status;
    const DecodedBodyChain& chain = *dictionaries->LastChain();
    const size_t start = chain.ends.size() < 2 ? 0 : chain.ends[chain.ends.size() - 2];
    bytes->assign(chain.content, start, std::string::npos);
  } else if (compression == "zstd") {
    Status status =
        DecompressFrame(data, static_cast<size_t>(std::max<int64_t>(size, 0)), dictionaries, bytes);
    if (!status.ok()) return Status::Corruption("body " + sha256 + ": " + status.message());
  } else {
    return Status::Corruption("body " + sha256 + ": unknown compression '" + compression + "'");
  }
  if (static_cast<int64_t>(bytes->size()) != size) {
    return Status::Corruption("body " + sha256 + ": size " + std::to_string(bytes->size()) +
                              " differs from recorded " + std::to_string(size));
  }
  return Status::OK();
}

Status BlobStore::Get(const std::string& sha256, std::string* bytes, bool verify_hash) {
  Status status;
  std::string data, compression;
  int64_t size = 0;
  {
    auto stmt = db_->Prepare(kSelectBlob, &status);
    if (!stmt) return status;
    int rc = stmt->Bind(1, sha256).Step();
    if (rc == SQLITE_DONE) return Status::NotFound("no body with sha256 " + sha256);
    if (rc != SQLITE_ROW) return SqliteStatus(rc, "read body " + sha256, db_->raw());
    data = stmt->Blob(2);
    compression = stmt->Text(0);
    size = stmt->Int(1);
  }
  status = Decode(sha256, compression, size, data, dictionaries_, bytes);
  if (!status.ok()) return status;
  if (verify_hash && Sha256Hex(*bytes) != sha256) {
    return Status::Corruption("body " + sha256 + ": content hashes to " + Sha256Hex(*bytes));
  }
  return Status::OK();
}

}  // namespace gongkai::storage
