#include "blob_store.h"

#include "storage/digest.h"

namespace gongkai::storage {
namespace {

const char kSelectBlob[] = "SELECT compression, size, data FROM blobs WHERE sha256 = ?1";
const char kHasBlob[] = "SELECT 1 FROM blobs WHERE sha256 = ?1";
const char kInsertBlob[] =
    "INSERT INTO blobs(sha256, size, compression, stored_size, data) VALUES(?1, ?2, ?3, ?4, ?5)";

}  // namespace

BlobStore::BlobStore(Db* db, int zstd_level) : db_(db), level_(zstd_level), cctx_(ZSTD_createCCtx()) {}

BlobStore::~BlobStore() { ZSTD_freeCCtx(cctx_); }

bool BlobStore::Has(const std::string& sha256) {
  Status status;
  auto stmt = db_->Prepare(kHasBlob, &status);
  return stmt && stmt->Bind(1, sha256).Step() == SQLITE_ROW;
}

Status BlobStore::Put(std::string_view bytes, std::string* sha256) {
  *sha256 = Sha256Hex(bytes);
  if (Has(*sha256)) return Status::OK();
  std::string compressed(ZSTD_compressBound(bytes.size()), '\0');
  ZSTD_CCtx_reset(cctx_, ZSTD_reset_session_and_parameters);
  ZSTD_CCtx_setParameter(cctx_, ZSTD_c_compressionLevel, level_);
  ZSTD_CCtx_setParameter(cctx_, ZSTD_c_checksumFlag, 1);  // besides the SHA-256: damage found on decode
  size_t n = ZSTD_compress2(cctx_, compressed.data(), compressed.size(), bytes.data(), bytes.size());
  if (ZSTD_isError(n)) {
    return Status::IOError(std::string("zstd compression failed: ") + ZSTD_getErrorName(n));
  }
  compressed.resize(n);
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

Status BlobStore::Decode(const std::string& sha256, const std::string& compression, int64_t size,
                         std::string_view data, std::string* bytes) {
  if (compression == "none") {
    bytes->assign(data);
  } else if (compression == "zstd") {
    unsigned long long expected = ZSTD_getFrameContentSize(data.data(), data.size());
    if (expected == ZSTD_CONTENTSIZE_ERROR || expected == ZSTD_CONTENTSIZE_UNKNOWN ||
        expected != static_cast<unsigned long long>(size)) {
      return Status::Corruption("body " + sha256 + ": zstd frame is damaged or has the wrong size");
    }
    bytes->resize(expected);
    size_t n = ZSTD_decompress(bytes->data(), bytes->size(), data.data(), data.size());
    if (ZSTD_isError(n) || n != expected) {
      return Status::Corruption("body " + sha256 + ": zstd data does not decompress (" +
                                (ZSTD_isError(n) ? ZSTD_getErrorName(n) : "short output") + ")");
    }
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
  auto stmt = db_->Prepare(kSelectBlob, &status);
  if (!stmt) return status;
  int rc = stmt->Bind(1, sha256).Step();
  if (rc == SQLITE_DONE) return Status::NotFound("no body with sha256 " + sha256);
  if (rc != SQLITE_ROW) return SqliteStatus(rc, "read body " + sha256, db_->raw());
  std::string data = stmt->Blob(2);
  status = Decode(sha256, stmt->Text(0), stmt->Int(1), data, bytes);
  if (!status.ok()) return status;
  if (verify_hash && Sha256Hex(*bytes) != sha256) {
    return Status::Corruption("body " + sha256 + ": content hashes to " + Sha256Hex(*bytes));
  }
  return Status::OK();
}

}  // namespace gongkai::storage
