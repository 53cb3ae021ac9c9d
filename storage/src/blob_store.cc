#include "blob_store.h"
#include "text_codec.h"

#include <algorithm>
#include <cctype>

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

}  // namespace

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
  const int64_t threshold = trained == 0 ? kFirstTrainingSamples : trained * kRetrainGrowth;
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
