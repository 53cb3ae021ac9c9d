// Reports: full-text search, report listings, site stats.
//
// Search narrows the candidates with the trigram index (report_fts, detail=none: it knows which
// reports hold each trigram, not where), newest first, checks each candidate's text for the
// terms themselves (search_match.h), ranks the newest kMaxRankedMatches true matches and cuts
// snippets from their text. Terms shorter than 3 characters have no trigram: a query made only
// of such terms checks every report, newest first, the same way.
#include <algorithm>
#include <string>
#include <vector>

#include "archive_impl.h"
#include "seal.h"
#include "search_match.h"

namespace gongkai::storage {
namespace {

// Ranking every match of a common phrase (政府信息公开 is in every report) costs time proportional
// to the matches, so only the newest kMaxRankedMatches true matches (after the site/year
// filter) are ranked.
constexpr size_t kMaxRankedMatches = 500;
// A query's terms are each checked against every candidate: keep the work bounded.
constexpr size_t kMaxQueryTerms = 32;
constexpr double kTitleWeight = 5.0;
constexpr size_t kSnippetContextChars = 30;  // UTF-8 characters before the first match

// The newest seed name the frontier holds for the report's URL (frontier_by_url).
// (|| the seal check: NULL when intact, which coalesce turns into ''; a damaged entry fails the query.)
#define GONGKAI_SEED_OF_REPORT                                                                  \
  "SELECT s.seed_name || coalesce(" GONGKAI_SEAL_CHECK("frontier entry", "s.", GONGKAI_SEALED_FRONTIER) \
  ", '') FROM frontier s WHERE s.url = r.url AND s.seed_name <> '' ORDER BY s.id DESC LIMIT 1"
#define GONGKAI_CANDIDATE_COLUMNS                                                   \
  "SELECT e.id, r.capture_id, r.url, e.title, e.published, "                       \
  "  CASE WHEN e.site <> '' THEN e.site ELSE coalesce((" GONGKAI_SEED_OF_REPORT "), r.host) END, "    \
  "  gongkai_unzstd(e.text_zstd), "                                                \
  GONGKAI_SEAL_CHECK("extraction", "e.", GONGKAI_SEALED_EXTRACTIONS) ", "         \
  GONGKAI_SEAL_CHECK("report", "r.", GONGKAI_SEALED_REPORTS) " "
#define GONGKAI_CURRENT_REPORT_AND_FILTERS                                          \
  "JOIN reports r ON r.rowid = (SELECT rowid FROM reports WHERE extraction_id = e.id "  \
  "  ORDER BY capture_id DESC LIMIT 1) "                                            \
  "WHERE (?2 = '' OR r.host = ?2 OR e.site = ?2 "                                   \
  "       OR (e.site = '' AND (" GONGKAI_SEED_OF_REPORT ") = ?2)) "                   \
  "  AND (?3 = 0 OR substr(e.published, 1, 4) = printf('%04d', ?3)) "
const char kCandidatesFromIndex[] =
    GONGKAI_CANDIDATE_COLUMNS
    "FROM report_fts f JOIN extractions e ON e.id = f.rowid " GONGKAI_CURRENT_REPORT_AND_FILTERS
    "  AND report_fts MATCH ?1 ORDER BY f.rowid DESC";
const char kCandidatesByScan[] =
    GONGKAI_CANDIDATE_COLUMNS "FROM extractions e " GONGKAI_CURRENT_REPORT_AND_FILTERS "ORDER BY e.id DESC";
#undef GONGKAI_CANDIDATE_COLUMNS
#undef GONGKAI_CURRENT_REPORT_AND_FILTERS

const std::string kReports =
    std::string("SELECT ") + kCaptureColumns + ", " + kExtractionColumns + ", coalesce((" +
    GONGKAI_SEED_OF_REPORT + "), '')" +
    " FROM reports r JOIN captures c ON c.id = r.capture_id JOIN extractions e ON e.id = r.extraction_id "
    "WHERE (?1 = '' OR r.host = ?1 OR e.site = ?1 OR (e.site = '' AND (" GONGKAI_SEED_OF_REPORT ") = ?1)) "
    "AND c.started_at_ms >= ?2 "
    "AND (?3 = 0 OR substr(e.published, 1, 4) = printf('%04d', ?3)) ORDER BY c.id";
#undef GONGKAI_SEED_OF_REPORT
const char kCaptureStats[] =
    "SELECT host, count(*), sum(status = 0 OR status >= 400), sum(body_size) FROM captures "
    "GROUP BY host ORDER BY host";
const char kReportStats[] =
    "SELECT host, count(*) FROM reports WHERE extraction_id IS NOT NULL GROUP BY host";
const char kBlobStats[] =
    "SELECT c.host, sum(b.size), sum(b.stored_size) FROM blobs b "
    "JOIN captures c ON c.id = (SELECT min(id) FROM captures WHERE body_sha256 = b.sha256) "
    "GROUP BY c.host";

struct Candidate {
  SearchHit hit;
  std::string text;
  Matcher::Counts counts;
};

void Rank(std::vector<Candidate>* candidates) {
  double title_total = 0, text_total = 0;
  for (const Candidate& c : *candidates) {
    title_total += static_cast<double>(c.hit.title.size());
    text_total += static_cast<double>(c.text.size());
  }
  const double n = std::max<double>(1, static_cast<double>(candidates->size()));
  for (Candidate& c : *candidates) {
    c.hit.score = -(kTitleWeight * Bm25Column(c.counts.in_title, c.hit.title.size(), title_total / n) +
                    Bm25Column(c.counts.in_text, c.text.size(), text_total / n));
  }
  // Stable: among equal scores the newer report (found first) stays first.
  std::stable_sort(candidates->begin(), candidates->end(),
                   [](const Candidate& a, const Candidate& b) { return a.hit.score < b.hit.score; });
}

}  // namespace

Status SqliteArchive::Search(const SearchQuery& query, std::vector<SearchHit>* hits) {
  hits->clear();
  std::vector<std::string> terms = SplitTerms(query.text);
  if (terms.empty()) return Status::InvalidArgument("empty search query");
  if (terms.size() > kMaxQueryTerms) {
    return Status::InvalidArgument("search query has " + std::to_string(terms.size()) +
                                   " terms; at most " + std::to_string(kMaxQueryTerms) + " are allowed");
  }
  if (query.limit <= 0) return Status::OK();
  const std::string match = TrigramMatchExpression(terms);
  Status status;
  auto stmt = db_.Prepare(match.empty() ? kCandidatesByScan : kCandidatesFromIndex, &status);
  if (!stmt) return status;
  if (!match.empty()) stmt->Bind(1, match);
  stmt->Bind(2, query.site).Bind(3, query.year);
  const Matcher matcher(terms);
  std::vector<Candidate> found;
  int rc = SQLITE_DONE;
  while (found.size() < kMaxRankedMatches && (rc = stmt->Step()) == SQLITE_ROW) {
    Candidate c;
    c.hit.title = stmt->Text(3);
    c.text = stmt->Text(6);
    c.counts = matcher.Count(c.hit.title, c.text);
    if (!c.counts.all_terms_found) continue;  // every trigram, but not the term itself
    c.hit.extraction_id = stmt->Int(0);
    c.hit.capture_id = stmt->Int(1);
    c.hit.url = stmt->Text(2);
    c.hit.published = stmt->Text(4);
    c.hit.site = stmt->Text(5);
    found.push_back(std::move(c));
  }
  if (found.size() < kMaxRankedMatches && rc != SQLITE_DONE) {
    return SqliteStatus(rc, "search for '" + query.text + "'", db_.raw());
  }
  Rank(&found);
  if (found.size() > static_cast<size_t>(query.limit)) found.resize(static_cast<size_t>(query.limit));
  for (Candidate& c : found) {
    c.hit.snippet = matcher.Snippet(c.hit.title, c.text, kSnippetContextChars, query.highlight_open,
                                    query.highlight_close);
    hits->push_back(std::move(c.hit));
  }
  return Status::OK();
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
