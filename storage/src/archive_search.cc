// Reports: full-text search (FTS5 trigram, LIKE below 3 characters), report listings, site stats.
#include <string>
#include <vector>

#include "archive_impl.h"

namespace gongkai::storage {
namespace {

// The trigram tokenizer indexes 3-character sequences: shorter terms cannot use the index.
constexpr size_t kMinFtsTermChars = 3;
// Tokens placed around the snippet context of LIKE matches (UTF-8 characters each side).
constexpr size_t kLikeSnippetChars = 30;

// Ranking every match of a common phrase (政府信息公开 is in every report) costs time proportional
// to the matches; so gongkai_rank (fts_rank.h) ranks the newest kMaxRankedMatches matching
// extractions only. With a
// site/year filter that leaves fewer hits than asked, the search is repeated over all matches.
constexpr int kMaxRankedMatches = 500;
const char kRankWindow[] =
    "SELECT rowid FROM report_fts WHERE report_fts MATCH ?1 ORDER BY rowid DESC LIMIT 1 OFFSET ?2";
const char kSearchFts[] =
    "SELECT e.id, r.capture_id, r.url, e.title, e.published, "
    "  CASE WHEN e.site <> '' THEN e.site ELSE r.host END, m.score "
    "FROM (SELECT rowid AS id, gongkai_rank(report_fts, 5.0) AS score FROM report_fts "
    "      WHERE report_fts MATCH ?1 AND rowid >= ?7 ORDER BY score LIMIT ?8) m "
    "JOIN extractions e ON e.id = m.id "
    "JOIN reports r ON r.rowid = (SELECT rowid FROM reports WHERE extraction_id = e.id "
    "  ORDER BY capture_id DESC LIMIT 1) "
    "WHERE (?4 = '' OR r.host = ?4 OR e.site = ?4) "
    "  AND (?5 = 0 OR substr(e.published, 1, 4) = printf('%04d', ?5)) "
    "ORDER BY m.score LIMIT ?6";
const char kSnippet[] =
    "SELECT snippet(report_fts, -1, ?2, ?3, '…', 32) FROM report_fts "
    "WHERE report_fts MATCH ?1 AND rowid = ?4";
const char kSearchLike[] =
    "SELECT e.id, r.capture_id, r.url, e.title, e.published, "
    "  CASE WHEN e.site <> '' THEN e.site ELSE r.host END, e.text "
    "FROM reports r JOIN extractions e ON e.id = r.extraction_id "
    "WHERE (instr(e.title, ?1) > 0 OR instr(e.text, ?1) > 0) "
    "  AND (?2 = '' OR instr(e.title, ?2) > 0 OR instr(e.text, ?2) > 0) "
    "  AND (?3 = '' OR instr(e.title, ?3) > 0 OR instr(e.text, ?3) > 0) "
    "  AND (?4 = '' OR r.host = ?4 OR e.site = ?4) "
    "  AND (?5 = 0 OR substr(e.published, 1, 4) = printf('%04d', ?5)) "
    "ORDER BY r.capture_id DESC LIMIT ?6";
constexpr int kMaxLikeTerms = 3;  // placeholders ?1..?3 above
const std::string kReports =
    std::string("SELECT ") + kCaptureColumns + ", " + kExtractionColumns +
    " FROM reports r JOIN captures c ON c.id = r.capture_id JOIN extractions e ON e.id = r.extraction_id "
    "WHERE (?1 = '' OR r.host = ?1 OR e.site = ?1) AND c.started_at_ms >= ?2 "
    "AND (?3 = 0 OR substr(e.published, 1, 4) = printf('%04d', ?3)) ORDER BY c.id";
const char kCaptureStats[] =
    "SELECT host, count(*), sum(status = 0 OR status >= 400), sum(body_size) FROM captures "
    "GROUP BY host ORDER BY host";
const char kReportStats[] =
    "SELECT host, count(*) FROM reports WHERE extraction_id IS NOT NULL GROUP BY host";
const char kBlobStats[] =
    "SELECT c.host, sum(b.size), sum(b.stored_size) FROM blobs b "
    "JOIN captures c ON c.id = (SELECT min(id) FROM captures WHERE body_sha256 = b.sha256) "
    "GROUP BY c.host";

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
  return n;
}

std::vector<std::string> SplitTerms(const std::string& text) {
  std::vector<std::string> terms;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find_first_of(" \t\n\r", start);
    if (end == std::string::npos) end = text.size();
    if (end > start) terms.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return terms;
}

// Each term becomes an FTS5 phrase ("..." with inner quotes doubled); phrases are ANDed.
std::string FtsQuery(const std::vector<std::string>& terms) {
  std::string query;
  for (const std::string& term : terms) {
    if (!query.empty()) query += " AND ";
    query += '"';
    for (char ch : term) {
      if (ch == '"') query += '"';
      query += ch;
    }
    query += '"';
  }
  return query;
}

// Moves a byte offset back/forward over up to `chars` UTF-8 characters.
size_t StepBack(std::string_view s, size_t pos, size_t chars) {
  while (pos > 0 && chars > 0) {
    --pos;
    if ((static_cast<unsigned char>(s[pos]) & 0xC0) != 0x80) --chars;
  }
  return pos;
}

size_t StepForward(std::string_view s, size_t pos, size_t chars) {
  while (pos < s.size() && chars > 0) {
    ++pos;
    while (pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) ++pos;
    --chars;
  }
  return pos;
}

std::string LikeSnippet(std::string_view text, const std::string& term, const SearchQuery& q) {
  size_t at = text.find(term);
  if (at == std::string_view::npos) return std::string(text.substr(0, StepForward(text, 0, 2 * kLikeSnippetChars)));
  size_t begin = StepBack(text, at, kLikeSnippetChars);
  size_t end = StepForward(text, at + term.size(), kLikeSnippetChars);
  std::string snippet = begin > 0 ? "…" : "";
  snippet += text.substr(begin, at - begin);
  snippet += q.highlight_open + term + q.highlight_close;
  snippet += text.substr(at + term.size(), end - at - term.size());
  if (end < text.size()) snippet += "…";
  return snippet;
}

}  // namespace

Status SqliteArchive::Search(const SearchQuery& query, std::vector<SearchHit>* hits) {
  hits->clear();
  std::vector<std::string> terms = SplitTerms(query.text);
  if (terms.empty()) return Status::InvalidArgument("empty search query");
  for (const std::string& term : terms) {
    if (Utf8Length(term) < kMinFtsTermChars) return SearchLike(query, terms, hits);
  }
  return SearchFts(query, terms, hits);
}

Status SqliteArchive::SearchFts(const SearchQuery& q, const std::vector<std::string>& terms,
                                std::vector<SearchHit>* hits) {
  std::string match = FtsQuery(terms);
  Status status;
  int64_t window_start = 0;  // rowid of the oldest extraction ranked
  {
    auto stmt = db_.Prepare(kRankWindow, &status);
    if (!stmt) return status;
    int rc = stmt->Bind(1, match).Bind(2, kMaxRankedMatches - 1).Step();
    if (rc == SQLITE_ROW) window_start = stmt->Int(0);
    else if (rc != SQLITE_DONE) return SqliteStatus(rc, "search for '" + q.text + "'", db_.raw());
  }
  bool filtered = !q.site.empty() || q.year != 0;
  for (;;) {
    auto stmt = db_.Prepare(kSearchFts, &status);
    if (!stmt) return status;
    stmt->Bind(1, match).Bind(4, q.site).Bind(5, q.year).Bind(6, q.limit).Bind(7, window_start);
    stmt->Bind(8, filtered ? -1 : q.limit);  // unfiltered: only the best rows need joining
    int rc;
    while ((rc = stmt->Step()) == SQLITE_ROW) {
      SearchHit h;
      h.extraction_id = stmt->Int(0);
      h.capture_id = stmt->Int(1);
      h.url = stmt->Text(2);
      h.title = stmt->Text(3);
      h.published = stmt->Text(4);
      h.site = stmt->Text(5);
      h.score = stmt->Double(6);
      hits->push_back(std::move(h));
    }
    if (rc != SQLITE_DONE) return SqliteStatus(rc, "search for '" + q.text + "'", db_.raw());
    if (!filtered || window_start == 0 || static_cast<int>(hits->size()) >= q.limit) break;
    hits->clear();  // the window held too few hits that pass the filter: rank every match
    window_start = 0;
  }
  for (SearchHit& h : *hits) {
    auto stmt = db_.Prepare(kSnippet, &status);
    if (!stmt) return status;
    stmt->Bind(1, match).Bind(2, q.highlight_open).Bind(3, q.highlight_close).Bind(4, h.extraction_id);
    if (stmt->Step() == SQLITE_ROW) h.snippet = stmt->Text(0);
  }
  return Status::OK();
}

Status SqliteArchive::SearchLike(const SearchQuery& q, const std::vector<std::string>& terms,
                                 std::vector<SearchHit>* hits) {
  if (terms.size() > static_cast<size_t>(kMaxLikeTerms)) {
    return Status::InvalidArgument("a query with terms shorter than 3 characters may have at most " +
                                   std::to_string(kMaxLikeTerms) + " terms");
  }
  Status status;
  auto stmt = db_.Prepare(kSearchLike, &status);
  if (!stmt) return status;
  for (int i = 0; i < kMaxLikeTerms; ++i) stmt->Bind(i + 1, i < static_cast<int>(terms.size()) ? terms[i] : "");
  stmt->Bind(4, q.site).Bind(5, q.year).Bind(6, q.limit);
  int rc;
  while ((rc = stmt->Step()) == SQLITE_ROW) {
    SearchHit h;
    h.extraction_id = stmt->Int(0);
    h.capture_id = stmt->Int(1);
    h.url = stmt->Text(2);
    h.title = stmt->Text(3);
    h.published = stmt->Text(4);
    h.site = stmt->Text(5);
    std::string text = stmt->Text(6);
    h.snippet = LikeSnippet(text.find(terms[0]) != std::string::npos ? text : h.title, terms[0], q);
    hits->push_back(std::move(h));
  }
  return SqliteStatus(rc, "search for '" + q.text + "'", db_.raw());
}

Status SqliteArchive::ForEachReport(const ReportFilter& filter, const std::function<bool(const Report&)>& fn) {
  Stmt stmt(db_.raw(), kReports);  // not cached: fn may call back into the archive
  if (!stmt.prepared()) return SqliteStatus(sqlite3_errcode(db_.raw()), "list reports", db_.raw());
  stmt.Bind(1, filter.site).Bind(2, filter.since_ms).Bind(3, filter.year);
  int rc;
  while ((rc = stmt.Step()) == SQLITE_ROW) {
    Report report;
    ReadCaptureRow(stmt, 0, &report.capture);
    ReadExtractionRow(stmt, kCaptureColumnCount, &report.extraction);
    if (!fn(report)) return Status::OK();
  }
  return SqliteStatus(rc, "list reports", db_.raw());
}

Status SqliteArchive::Stats(std::vector<SiteStats>* sites) {
  sites->clear();
  Stmt captures(db_.raw(), kCaptureStats);
  Stmt reports(db_.raw(), kReportStats);
  Stmt blobs(db_.raw(), kBlobStats);
  if (!captures.prepared() || !reports.prepared() || !blobs.prepared()) {
    return SqliteStatus(sqlite3_errcode(db_.raw()), "compute stats", db_.raw());
  }
  int rc;
  while ((rc = captures.Step()) == SQLITE_ROW) {
    SiteStats s;
    s.host = captures.Text(0);
    s.captures = captures.Int(1);
    s.errors = captures.Int(2);
    s.raw_bytes = captures.Int(3);
    sites->push_back(std::move(s));
  }
  if (rc != SQLITE_DONE) return SqliteStatus(rc, "compute stats", db_.raw());
  auto find = [&](const std::string& host) -> SiteStats* {
    for (SiteStats& s : *sites) {
      if (s.host == host) return &s;
    }
    return nullptr;
  };
  while ((rc = reports.Step()) == SQLITE_ROW) {
    if (SiteStats* s = find(reports.Text(0))) s->reports = reports.Int(1);
  }
  if (rc != SQLITE_DONE) return SqliteStatus(rc, "compute stats", db_.raw());
  while ((rc = blobs.Step()) == SQLITE_ROW) {
    if (SiteStats* s = find(blobs.Text(0))) {
      s->unique_bytes = blobs.Int(1);
      s->stored_bytes = blobs.Int(2);
    }
  }
  return SqliteStatus(rc, "compute stats", db_.raw());
}

}  // namespace gongkai::storage
