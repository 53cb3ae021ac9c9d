// FoldFileIntoReport() and the archive-side helpers (report_files.h).
#include "adapters/report_files.h"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "base/time.h"
#include "adapters/archive_crawl_store.h"
#include "crawler/discovery.h"
#include "crawler/options.h"
#include "extract/charset.h"

namespace gongkai::app {
namespace {

// A page whose own text has fewer CJK characters and words than this is a link to its file (a
// title, "附件：…年度报告.pdf", a date): the file's text is the report's.
constexpr int kThinPageTokens = 60;

int Tokens(const std::string& s) {
  int n = 0;
  bool word = false;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0xE0 && c < 0xF0) {  // 3-byte UTF-8: CJK and other BMP letters
      ++n;
      word = false;
      i += 3;
      continue;
    }
    bool alnum = std::isalnum(c) != 0;
    if (alnum && !word) ++n;
    word = alnum;
    i += c < 0x80 ? 1 : (c >= 0xF0 ? 4 : 2);
  }
  return n;
}

}  // namespace

void FoldFileIntoReport(const std::string& file_url, const extract::Extraction& file,
                        storage::ExtractionRecord* page) {
  std::vector<storage::AttachmentRecord>& attachments = page->attachments;
  storage::AttachmentRecord* entry = nullptr;
  bool some_primary = false;
  for (auto& a : attachments) {
    if (a.url == file_url) entry = &a;
    some_primary = some_primary || (a.primary && a.url != file_url);
  }
  if (entry == nullptr) {
    entry = &attachments.emplace_back();
    entry->name = file.title;
    entry->url = file_url;
  }
  entry->read_as_file = true;
  entry->format = file.format;
  if (file.error != extract::FileError::kNone) {
    entry->error = extract::ToString(file.error);
    return;
  }
  entry->extracted = true;
  entry->pages = file.pages;
  entry->ocr = file.ocr;
  entry->title = file.title;
  entry->published = file.published.value_or("");
  entry->text = file.text;
  entry->tables = file.tables;
  entry->primary =
      entry->primary || (!some_primary && Tokens(page->text) < kThinPageTokens && !file.text.empty());
  if (entry->primary) {
    page->text = file.text;
    page->tables = file.tables;
    if (page->title.empty()) page->title = file.title;
    if (page->published.empty()) page->published = file.published.value_or("");
    if (page->source.empty()) page->source = file.source;
  }
}

std::vector<std::pair<std::string, std::string>> DescribeFiles(const storage::ExtractionRecord& page) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const storage::AttachmentRecord& a : page.attachments) {
    if (!a.read_as_file) continue;
    std::string what = a.format;
    if (!a.error.empty()) {
      what += ", error: " + a.error;
    } else {
      if (a.pages > 0) what += ", " + std::to_string(a.pages) + " pages";
      if (a.ocr) what += ", OCR";
      what += a.primary ? ", primary (the report's text)" : ", beside the page's own text";
    }
    out.push_back({a.url, what});
  }
  return out;
}

bool ExtractFile(const std::string& url, std::string_view body, const extract::Options& options,
                 extract::Extraction* file) {
  extract::ExtractInput input;
  input.bytes = body;
  input.url = url;
  bool ok = extract::Extract(input, options, file).ok();
  if (ok && file->format == "html") return false;                // an HTML page served under a file's name
  return ok || file->error != extract::FileError::kUnsupported;  // failed files are recorded with their error
}

storage::Status FoldIntoArchivedReport(storage::Archive* archive, const std::string& page_url,
                                       const std::string& file_url, const extract::Extraction& file) {
  if (page_url.empty()) return storage::Status::OK();
  storage::Capture page;
  storage::Status s = archive->FindLatestCapture(page_url, &page);
  if (s.IsNotFound() || page.page_kind != storage::PageKind::kReport) return storage::Status::OK();
  if (!s.ok()) return s;
  storage::ExtractionRecord record;
  s = archive->CurrentExtraction(page.id, &record);
  if (s.IsNotFound()) return storage::Status::OK();
  if (!s.ok()) return s;
  FoldFileIntoReport(file_url, file, &record);
  record.capture_id = page.id;
  return archive->PutExtraction(record, nullptr);
}

void FoldArchivedFiles(storage::Archive* reader, const extract::Options& options, std::string_view page_body,
                       const std::string& page_url, storage::ExtractionRecord* page,
                       std::vector<storage::ExtractionRecord>* file_records) {
  std::vector<std::string> urls;
  for (const storage::AttachmentRecord& a : page->attachments) urls.push_back(a.url);
  // A page that is only a link may give the extractor no body to find the link in: the crawler's
  // own attachment discovery (by file extension) reads the whole page.
  crawler::DiscoveryRules rules;
  rules.attachment_extensions = crawler::Options().attachment_extensions;
  extract::DecodedText decoded = extract::DecodeToUtf8(page_body);
  for (const auto& link : crawler::DiscoverAttachments(decoded.utf8, page_url, rules))
    if (std::find(urls.begin(), urls.end(), link.url) == urls.end()) urls.push_back(link.url);
  for (const std::string& url : urls) {
    storage::Capture capture;
    if (url.empty() || !reader->FindLatestCapture(url, &capture).ok() || capture.body_sha256.empty())
      continue;
    if (capture.page_kind != storage::PageKind::kAttachment) continue;
    std::string body;
    if (!reader->GetBody(capture.body_sha256, &body).ok()) continue;
    extract::Extraction file;
    if (!ExtractFile(url, body, options, &file)) continue;
    FoldFileIntoReport(url, file, page);
    if (file.error == extract::FileError::kNone) {
      storage::ExtractionRecord own = ToExtractionRecord(file, NowMs());
      own.capture_id = capture.id;
      file_records->push_back(std::move(own));
    }
  }
}

}  // namespace gongkai::app
