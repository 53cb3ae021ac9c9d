// Reports: full-text search, report listings, site stats.
//
// Search narrows the candidates with the index (report_fts, detail=none, over the bigrams of the
// folded text: index_terms.h; it knows which reports hold each bigram, not where), checks
// each candidate's folded title and text against the parsed query (search_match.h), counts every
// true match (the total), orders them, and cuts snippets for the requested page only. A query
// with no bigram to narrow by (only 1-character or excluded terms) checks every report the same
// way.
//
// Time and memory are proportional to the candidates: each is decompressed and folded once; a
// match keeps its row fields, not its text (the page's texts are read again for snippets).
#include <algorithm>
#include <string>
#include <vector>

#include "archive_impl.h"
#include "site_match.h"
#include "seal.h"
#include "search_match.h"
#include "search_query.h"
#include "text_fold.h"

namespace gongkai::storage {
namespace {

constexpr double kTitleWeight = 5.0;
constexpr size_t kSnippetContextChars = 30;  // UTF-8 characters before the first match

// The newest seed name the frontier holds for the report's URL (frontier_by_url).
// (|| the seal check: NULL when intact, which coalesce turns into ''; a damaged entry fails the query.)
#define GONGKAI_SEED_OF_REPORT                          \
  "SELECT s.seed_name || coalesce(" GONGKAI_SEAL_CHECK( \
      "frontier entry", "s.",                           \
      GONGKAI_SEALED_FRONTIER) ", '') FROM frontier s WHERE s.url = r.url AND s.seed_name <> '' ORDER BY s.id DESC LIMIT 1"
const char kCandidateColumns[] =
    "SELECT e.id, r.capture_id, r.url, e.title, e.published, "
    "  CASE WHEN e.site <> '' THEN e.site ELSE coalesce((" GONGKAI_SEED_OF_REPORT
    "), r.host) END, "
    "  gongkai_unzstd(e.text_zstd), " GONGKAI_SEAL_CHECK(
        "extraction", "e.", GONGKAI_SEALED_EXTRACTIONS) ", " GONGKAI_SEAL_CHECK("report", "r.",
                                                                                GONGKAI_SEALED_REPORTS) " ";
const char kCurrentReport[] =
    "JOIN reports r ON r.rowid = (SELECT rowid FROM reports WHERE extraction_id = e.id "
    "  ORDER BY capture_id DESC LIMIT 1) WHERE 1 ";
const char kSiteFilter[] = "AND (" GONGKAI_HOST_IS(
    "r.host", "r.url", "?%d") " OR e.site = ?%d OR (e.site = '' AND (" GONGKAI_SEED_OF_REPORT ") = ?%d)) ";
const char kYearFilter[] = "AND substr(e.published, 1, 4) = printf('%%04d', ?%d) ";
// --report-year / --agency: the extraction's report_facts row (report_facts.cc).
const char kReportYearFilter[] =
    "AND EXISTS (SELECT 1 FROM report_facts rf WHERE rf.extraction_id = e.id AND rf.report_year = ?%d) ";
const char kAgencyFilter[] =
    "AND EXISTS (SELECT 1 FROM report_facts rf WHERE rf.extraction_id = e.id AND instr(rf.agency, ?%d) > 0) ";
const char kReadText[] = "SELECT gongkai_unzstd(e.text_zstd), " GONGKAI_SEAL_CHECK(
    "extraction", "e.", GONGKAI_SEALED_EXTRACTIONS) " FROM extractions e WHERE e.id = ?1";

const std::string kReports =
    std::string("SELECT ") + kCaptureColumns + ", " + kExtractionColumns + ", coalesce((" +
    GONGKAI_SEED_OF_REPORT + "), '')" +
    " FROM reports r JOIN captures c ON c.id = r.capture_id JOIN extractions e ON e.id = r.extraction_id "
    "WHERE (?1 = '' OR " GONGKAI_HOST_IS(
        "r.host", "r.url",
        "?1") " OR e.site = ?1 OR (e.site = '' AND (" GONGKAI_SEED_OF_REPORT
              ") = ?1)) "
              "AND c.started_at_ms >= ?2 "
              "AND (?3 = 0 OR substr(e.published, 1, 4) = printf('%04d', ?3)) "
              "AND (?5 = 0 OR EXISTS (SELECT 1 FROM report_facts rf WHERE rf.extraction_id = e.id AND rf.report_year = ?5)) "
              "AND (?6 = '' OR EXISTS (SELECT 1 FROM report_facts rf WHERE rf.extraction_id = e.id "
              "  AND instr(rf.agency, ?6) > 0)) ";
#undef GONGKAI_SEED_OF_REPORT
// One report by its current capture: a separate statement so the planner looks the capture up.
const std::string kAllReports = kReports + "ORDER BY c.id";
const std::string kReportOfCapture = kReports + "AND c.id = ?4 AND r.capture_id = ?4";
const char kCoverage[] =
    "SELECT r.host, e.site, CAST(substr(e.published, 1, 4) AS INTEGER), count(*), max(c.started_at_ms) "
    "FROM reports r JOIN extractions e ON e.id = r.extraction_id JOIN captures c ON c.id = r.capture_id "
    "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";
const char kCaptureStats[] =
    "SELECT host, count(*), sum(status = 0 OR status >= 400), sum(body_size) FROM captures "
    "GROUP BY host ORDER BY host";
const char kReportStats[] =
    "SELECT host, count(*) FROM reports WHERE extraction_id IS NOT NULL GROUP BY host";
const char kBlobStats[] =
    "SELECT c.host, sum(b.size), sum(b.stored_size) FROM blobs b "
    "JOIN captures c ON c.id = (SELECT min(id) FROM captures WHERE body_sha256 = b.sha256) "
    "GROUP BY c.host";

// A parameter bound to the candidate statement: text or integer.
struct Binding {
  std::string text;
  int64_t number = 0;
  bool is_text = false;
};

std::string Format(const char* pattern, int index) {
  // Every "?%d" of `pattern` is the same parameter (up to six of them).
  int length = std::snprintf(nullptr, 0, pattern, index, index, index, index, index, index);
  std::string out(static_cast<size_t>(std::max(length, 0)) + 1, '\0');
  std::snprintf(out.data(), out.size(), pattern, index, index, index, index, index, index);
  out.pop_back();
  return out;
}

// Adds one SQL clause per filter of `query` to *sql (which selects from extractions e joined to
// its report r) and the values they bind to *bindings. New SearchQuery filters go here.
void AppendSearchFilters(const SearchQuery& query, std::string* sql, std::vector<Binding>* bindings) {
  if (!query.site.empty()) {
    bindings->push_back({query.site, 0, true});
    *sql += Format(kSiteFilter, static_cast<int>(bindings->size()));
  }
  if (query.year != 0) {
    bindings->push_back({"", query.year, false});
    *sql += Format(kYearFilter, static_cast<int>(bindings->size()));
  }
  if (query.report_year != 0) {
    bindings->push_back({"", query.report_year, false});
    *sql += Format(kReportYearFilter, static_cast<int>(bindings->size()));
  }
  if (!query.agency.empty()) {
    bindings->push_back({query.agency, 0, true});
    *sql += Format(kAgencyFilter, static_cast<int>(bindings->size()));
  }
}

struct Match {
  SearchHit hit;
  size_t text_size = 0;
  Matcher::Counts counts;
};

void Rank(std::vector<Match>* matches) {
  double title_total = 0, text_total = 0;
  for (const Match& m : *matches) {
    title_total += static_cast<double>(m.hit.title.size());
    text_total += static_cast<double>(m.text_size);
  }
  const double n = std::max<double>(1, static_cast<double>(matches->size()));
  for (Match& m : *matches) {
    m.hit.score = -(kTitleWeight * Bm25Column(m.counts.in_title, m.hit.title.size(), title_total / n) +
                    Bm25Column(m.counts.in_text, m.text_size, text_total / n));
  }
  // Stable: among equal scores the newer report (found first) stays first.
  std::stable_sort(matches->begin(), matches->end(),
                   [](const Match& a, const Match& b) { return a.hit.score < b.hit.score; });
}

void SortByDate(std::vector<Match>* matches) {
  // Newest first; undated last; the newer extraction (found first) first among equals.
  std::stable_sort(matches->begin(), matches->end(), [](const Match& a, const Match& b) {
    if (a.hit.published.empty() != b.hit.published.empty()) return b.hit.published.empty();
    return a.hit.published > b.hit.published;
  });
}

}  // namespace

Status SqliteArchive::Search(const SearchQuery& query, std::vector<SearchHit>* hits, int64_t* total) {
  hits->clear();
  if (total != nullptr) *total = 0;
  ParsedQuery parsed;
  Status status = ParseSearchQuery(query.text, &parsed);
  if (!status.ok()) return status;
  if (query.offset < 0 || query.limit < 0)
    return Status::InvalidArgument("search offset and limit must be >= 0");
  const std::string match = IndexMatchExpression(parsed);
  std::vector<Binding> bindings;
  std::string sql = kCandidateColumns;
  if (match.empty()) {
    sql += "FROM extractions e ";
    sql += kCurrentReport;
  } else {
    bindings.push_back({match, 0, true});
    sql += "FROM report_fts f JOIN extractions e ON e.id = f.rowid ";
    sql += kCurrentReport;
    sql += "AND report_fts MATCH ?1 ";
  }
  AppendSearchFilters(query, &sql, &bindings);
  sql += "ORDER BY e.id DESC";
  Stmt stmt(db_.raw(), sql);
  if (!stmt.prepared())
    return SqliteStatus(sqlite3_errcode(db_.raw()), "search for '" + query.text + "'", db_.raw());
  for (size_t i = 0; i < bindings.size(); ++i) {
    const int index = static_cast<int>(i + 1);
    if (bindings[i].is_text) {
      stmt.Bind(index, bindings[i].text);
    } else {
      stmt.Bind(index, bindings[i].number);
    }
  }
  const Matcher matcher(std::move(parsed));
  std::vector<Match> matches;
  int rc;
  while ((rc = stmt.Step()) == SQLITE_ROW) {
    Match m;
    m.hit.title = stmt.Text(3);
    const std::string text = stmt.Text(6);
    m.counts = matcher.Count(FoldForSearch(m.hit.title), FoldForSearch(text));
    if (!m.counts.matched) continue;  // every bigram, but not the term itself
    m.text_size = text.size();
    m.hit.extraction_id = stmt.Int(0);
    m.hit.capture_id = stmt.Int(1);
    m.hit.url = stmt.Text(2);
    m.hit.published = stmt.Text(4);
    m.hit.site = stmt.Text(5);
    matches.push_back(std::move(m));
  }
  if (rc != SQLITE_DONE) return SqliteStatus(rc, "search for '" + query.text + "'", db_.raw());
  if (total != nullptr) *total = static_cast<int64_t>(matches.size());
  Rank(&matches);  // scores are reported whatever the order
  if (query.sort == SearchSort::kDate) SortByDate(&matches);
  const size_t begin = std::min(matches.size(), static_cast<size_t>(query.offset));
  size_t end = matches.size();
  if (query.limit > 0) end = std::min(end, begin + static_cast<size_t>(query.limit));
  for (size_t i = begin; i < end; ++i) {
    Match& m = matches[i];
    auto read = db_.Prepare(kReadText, &status);
    if (!read) return status;
    rc = read->Bind(1, m.hit.extraction_id).Step();
    if (rc != SQLITE_ROW) return SqliteStatus(rc, "read the text of a search hit", db_.raw());
    m.hit.snippet = matcher.Snippet(m.hit.title, read->Text(0), kSnippetContextChars, query.highlight_open,
                                    query.highlight_close);
    hits->push_back(std::move(m.hit));
  }
  return Status::OK();
}

Status SqliteArchive::ForEachReport(const ReportFilter& filter,
                                    const std::function<bool(const Report&)>& fn) {
  // not cached: fn may call back into the archive
  Stmt stmt(db_.raw(), filter.capture_id != 0 ? kReportOfCapture : kAllReports);
  if (!stmt.prepared()) return SqliteStatus(sqlite3_errcode(db_.raw()), "list reports", db_.raw());
  stmt.Bind(1, filter.site).Bind(2, filter.since_ms).Bind(3, filter.year);
  if (filter.capture_id != 0) stmt.Bind(4, filter.capture_id);
  stmt.Bind(5, filter.report_year).Bind(6, filter.agency);
  int rc;
  while ((rc = stmt.Step()) == SQLITE_ROW) {
    Report report;
    ReadCaptureRow(stmt, 0, &report.capture);
    ReadExtractionRow(stmt, kCaptureColumnCount, &report.extraction);
    Status facts = LoadReportFacts(&report.extraction);
    if (!facts.ok()) return facts;
    report.seed = stmt.Text(kCaptureColumnCount + kExtractionColumnCount);
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

namespace gongkai::storage {

Status SqliteArchive::Coverage(std::vector<CoverageRow>* rows) {
  rows->clear();
  Status status;
  auto stmt = db_.Prepare(kCoverage, &status);
  if (!stmt) return status;
  int rc;
  while ((rc = stmt->Step()) == SQLITE_ROW) {
    CoverageRow row;
    row.host = stmt->Text(0);
    row.site = stmt->Text(1);
    row.year = static_cast<int>(stmt->Int(2));
    row.reports = stmt->Int(3);
    row.last_capture_ms = stmt->Int(4);
    rows->push_back(std::move(row));
  }
  return SqliteStatus(rc, "compute coverage", db_.raw());
}

}  // namespace gongkai::storage
