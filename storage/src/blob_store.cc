#include "blob_store.h"
#include "text_codec.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "storage/digest.h"

namespace gongkai::storage {
namespace {

const char kSelectBlob[] = "SELECT compression, size, data FROM blobs WHERE sha256 = ?1";
const char kHasBlob[] = "SELECT 1 FROM blobs WHERE sha256 = ?1";
const char kInsertBlob[] =
    "INSERT INTO blobs(sha256, size, compression, stored_size, data) VALUES(?1, ?2, ?3, ?4, ?5)";
const char kUpdateBlob[] =
    "UPDATE blobs SET compression = 'zstd', stored_size = ?2, data = ?3 WHERE sha256 = ?1";
// The SQL twin of IsTextContentType, for a `captures c` alias.
#define GONGKAI_TEXT_BODY                                                                               \
  "(c.content_type = '' OR lower(c.content_type) LIKE 'text/%' OR lower(c.content_type) LIKE '%html%' " \
  "OR lower(c.content_type) LIKE '%xml%' OR lower(c.content_type) LIKE '%json%')"
const char kCountScope[] =
    "SELECT count(DISTINCT c.body_sha256) FROM captures c WHERE c.host = ?1 AND c.body_sha256 IS NOT NULL "
    "AND " GONGKAI_TEXT_BODY;
const char kScopeBodies[] =
    "SELECT c.body_sha256 FROM captures c WHERE c.host = ?1 AND c.body_sha256 IS NOT NULL AND " GONGKAI_TEXT_BODY
    " GROUP BY c.body_sha256 ORDER BY max(c.id) DESC";
#undef GONGKAI_TEXT_BODY

// A body shorter than this gains nothing from a dictionary worth the lookup (robots.txt, 304s).
constexpr size_t kMinDictionaryBodyBytes = 256;

constexpr char kChained = 0x02;
// Level of chained frames: matches reach back up to kMaxBodyChainBytes, which zstd's faster levels
// search only in part.
constexpr int kChainedBodyLevel = 9;
constexpr size_t kShaBytes = 32;

struct StoredRow {
  std::string sha256, compression, data;
  int64_t size = 0;
};

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
    if (rows.back().data.size() < 1 + kShaBytes)
      return Status::Corruption("body " + rows.back().sha256 + ": chained frame is cut short");
    StoredRow previous;
    previous.sha256 = DigestToHex(std::string_view(rows.back().data).substr(1, kShaBytes));
    Status status = dicts->StoredBody(previous.sha256, &previous.compression, &previous.size, &previous.data);
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
        status = DecompressFrameWithPrefix(std::string_view(row.data).substr(1 + kShaBytes),
                                           kMaxBodyChainBytes, chain.content, &body);
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

}  // namespace

bool BlobStore::IsChained(const std::string& compression, std::string_view data) {
  return compression == "zstd" && !data.empty() && data[0] == kChained;
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
  Status status;
  auto stmt = db_->Prepare(kHasBlob, &status);
  return stmt && stmt->Bind(1, sha256).Step() == SQLITE_ROW;
}

Status BlobStore::Put(std::string_view bytes, const std::string& scope, std::string* sha256) {
  *sha256 = Sha256Hex(bytes);
  if (Has(*sha256)) return Status::OK();
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
  return stmt->Exec("store body " + *sha256);
}

Status BlobStore::CompressChained(std::string_view bytes, const std::string& scope, std::string* chained) {
  chained->clear();
  auto last = last_body_.find(scope);
  if (last == last_body_.end() || !Has(last->second)) return Status::OK();
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
  *chained = std::string(1, kChained) + DigestFromHex(last->second) + frame;
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
