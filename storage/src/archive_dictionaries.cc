// Dictionaries for extraction texts (dictionaries.h): the texts and tables of one site's reports
// share their structure (section headings, the statistics tables' row labels, the closing
// formulas), so each is compressed against the "text" dictionary of its capture's host.
#include "archive_impl.h"
#include "text_codec.h"

namespace gongkai::storage {
namespace {

const char kHostOfCapture[] = "SELECT host FROM captures WHERE id = ?1";
// Texts stored against their page's body (text_codec.h: first byte 0x01, or 0x03 with the report
// template) need no dictionary and are no samples.
const char kCountTexts[] =
    "SELECT count(*) FROM extractions e JOIN captures c ON c.id = e.capture_id WHERE c.host = ?1 "
    "AND substr(e.text_zstd, 1, 1) NOT IN (x'01', x'03')";
const char kTextsOfHost[] =
    "SELECT e.id, e.text_zstd, e.tables_zstd FROM extractions e JOIN captures c ON c.id = e.capture_id "
    "WHERE c.host = ?1 AND substr(e.text_zstd, 1, 1) NOT IN (x'01', x'03') ORDER BY e.id DESC";
const char kUpdateTexts[] = "UPDATE extractions SET text_zstd = ?2, tables_zstd = ?3 WHERE id = ?1";

struct StoredTexts {
  int64_t id = 0;
  std::string text_zstd, tables_zstd;
};

bool HasDictionary(const std::string& frame) {
  return !frame.empty() && ZSTD_getDictID_fromFrame(frame.data(), frame.size()) != 0;
}

}  // namespace

Status SqliteArchive::TextDictionaryOfCapture(int64_t capture_id, std::string* host,
                                              const ZSTD_CDict** dict) {
  *dict = nullptr;
  Status status;
  {
    auto stmt = db_.Prepare(kHostOfCapture, &status);
    if (!stmt) return status;
    int rc = stmt->Bind(1, capture_id).Step();
    if (rc != SQLITE_ROW) return SqliteStatus(rc, "read capture " + std::to_string(capture_id), db_.raw());
    *host = stmt->Text(0);
  }
  return dictionaries_->ForCompression("text", *host, dict);
}

Status SqliteArchive::MaybeTrainTexts(const std::string& host) {
  auto hint = text_until_check_.find(host);
  if (hint != text_until_check_.end() && --hint->second > 0) return Status::OK();
  Status status;
  int64_t count = 0;
  {
    auto stmt = db_.Prepare(kCountTexts, &status);
    if (!stmt) return status;
    int rc = stmt->Bind(1, host).Step();
    if (rc != SQLITE_ROW) return SqliteStatus(rc, "count extractions of " + host, db_.raw());
    count = stmt->Int(0);
  }
  int64_t trained = 0;
  status = dictionaries_->NewestSampleCount("text", host, &trained);
  if (!status.ok()) return status;
  const int64_t threshold = trained == 0 ? kFirstTrainingSamples : trained * kRetrainGrowth;
  if (count < threshold) {
    text_until_check_[host] = threshold - count;
    return Status::OK();
  }
  text_until_check_[host] = count * (kRetrainGrowth - 1);
  std::vector<StoredTexts> rows;
  {
    auto stmt = db_.Prepare(kTextsOfHost, &status);
    if (!stmt) return status;
    stmt->Bind(1, host);
    int rc;
    while ((rc = stmt->Step()) == SQLITE_ROW) rows.push_back({stmt->Int(0), stmt->Blob(1), stmt->Blob(2)});
    if (rc != SQLITE_DONE) return SqliteStatus(rc, "list extractions of " + host, db_.raw());
  }
  std::vector<std::string> samples;
  size_t sample_bytes = 0;
  for (const StoredTexts& row : rows) {
    if (static_cast<int>(samples.size()) >= kMaxTrainingSamples || sample_bytes >= kMaxTrainingBytes) break;
    for (const std::string* frame : {&row.text_zstd, &row.tables_zstd}) {
      std::string text;
      status = DecompressText(*frame, &text, dictionaries_.get());
      if (!status.ok())
        return Status::Corruption("extraction " + std::to_string(row.id) + ": " + status.message());
      sample_bytes += text.size();
      if (!text.empty()) samples.push_back(std::move(text));
    }
  }
  uint32_t id = 0;
  status = dictionaries_->Train("text", host, samples, count, &id);
  if (!status.ok() || id == 0) return status;
  const ZSTD_CDict* dict = nullptr;
  status = dictionaries_->ForCompression("text", host, &dict);
  if (!status.ok() || dict == nullptr) return status;
  // Texts stored without a dictionary take the new one; those with an older one keep it.
  for (const StoredTexts& row : rows) {
    if (HasDictionary(row.text_zstd) || HasDictionary(row.tables_zstd)) continue;
    if (IsBodyPrefixed(row.text_zstd) || IsBodyPrefixed(row.tables_zstd)) continue;
    std::string text, tables;
    status = DecompressText(row.text_zstd, &text, dictionaries_.get());
    if (status.ok()) status = DecompressText(row.tables_zstd, &tables, dictionaries_.get());
    if (!status.ok())
      return Status::Corruption("extraction " + std::to_string(row.id) + ": " + status.message());
    std::string text_zstd = CompressText(text, options_.zstd_level, dict);
    std::string tables_zstd = CompressText(tables, options_.zstd_level, dict);
    if (text_zstd.size() + tables_zstd.size() >= row.text_zstd.size() + row.tables_zstd.size()) continue;
    auto stmt = db_.Prepare(kUpdateTexts, &status);
    if (!stmt) return status;
    status =
        stmt->Bind(1, row.id).BindBlob(2, text_zstd).BindBlob(3, tables_zstd).Exec("recompress extraction");
    if (!status.ok()) return status;
  }
  return Status::OK();
}

}  // namespace gongkai::storage
