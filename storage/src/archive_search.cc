// Reports: full-text search, report listings, site stats.
//
// Search asks the index (the positions of the bigrams of each folded title and of each distinct
// passage of the texts, index_terms.h, passages.h) for the query's phrases, one by one, and turns
// the passages found into the extractions holding them (index_lookup.h). When every term is one
// run of characters the extractions whose phrases satisfy the query are exactly the matches, with
// each match's occurrences counted; a match then costs its index entries and a row, and no text is
// read but the page's (for snippets). Any
// other query (a 1-character term, a term with a space or separator inside) is narrowed by the
// index and each candidate's folded title and text are checked against it (search_match.h); a
// query with nothing to narrow by checks every report. Either way every true match is counted
// (the total), ranked or ordered by date, and snippets are cut for the requested page only.
//
// Ranking reads each match's title and text size (gongkai_text_size, from the frame header), not
// its text; checking reads and folds each candidate's text once.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "archive_impl.h"
#include "index_lookup.h"
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
      GONGKAI_SEALED_FRONTIER) ", '') FROM frontier s WHERE s.url = c.url AND s.seed_name <> '' ORDER BY s.id DESC LIMIT 1"
// What ranking and date order need of a match: id, title (its size), published, text size; then what decides
// it: the phrase counts (exact queries) or the text (checked queries).
const char kExactCandidates[] =
    "SELECT e.id, length(CAST(e.title AS BLOB)), e.published, gongkai_text_size(e.text_zstd) "
    "FROM extractions e ";
// The extractions the index found (?1: a JSON array of their ids).
const char kFoundByIndex[] = "AND e.id IN (SELECT value FROM json_each(?1)) ";
// (A report's URL and host are its capture's: c is the capture of the report r.)
const char kCheckedColumns[] = "SELECT e.id, e.title, e.published, gongkai_unzstd(e.text_zstd), " GONGKAI_SEAL_CHECK(
    "extraction", "e.",
    GONGKAI_SEALED_EXTRACTIONS) ", " GONGKAI_SEAL_CHECK("report of capture", "r.",
                                                        GONGKAI_SEALED_REPORTS) ", " GONGKAI_SEAL_CHECK("capture",
                                                                                                        "c.",
                                                                                                        GONGKAI_SEALED_CAPTURES) " ";
// A match on the requested page: where it is, and its text for the snippet.
const char kPageColumns[] =
    "SELECT r.capture_id, c.url, "
    "  CASE WHEN e.site <> '' THEN e.site ELSE coalesce((" GONGKAI_SEED_OF_REPORT
    "), c.host) END, "
    "  gongkai_unzstd(e.text_zstd), e.title, " GONGKAI_SEAL_CHECK(
        "extraction", "e.", GONGKAI_SEALED_EXTRACTIONS) ", " GONGKAI_SEAL_CHECK("report of capture", "r.",
                                                                                GONGKAI_SEALED_REPORTS) ", " GONGKAI_SEAL_CHECK("capture", "c.", GONGKAI_SEALED_CAPTURES) " "
    "FROM extractions e ";
const char kCurrentReport[] =
    "JOIN reports r ON r.capture_id = (SELECT capture_id FROM reports WHERE extraction_id = e.id "
    "  ORDER BY capture_id DESC LIMIT 1) JOIN captures c ON c.id = r.capture_id WHERE 1 ";
const char kSiteFilter[] = "AND (" GONGKAI_HOST_IS(
    "c.host", "c.url", "?%d") " OR e.site = ?%d OR (e.site = '' AND (" GONGKAI_SEED_OF_REPORT ") = ?%d)) ";
const std::string kPageRow = std::string(kPageColumns) + kCurrentReport + "AND e.id = ?1";
const char kYearFilter[] = "AND substr(e.published, 1, 4) = printf('%%04d', ?%d) ";
// --report-year / --agency: the extraction's report_facts row (report_facts.cc).
const char kReportYearFilter[] =
    "AND EXISTS (SELECT 1 FROM report_facts rf WHERE rf.extraction_id = e.id AND rf.report_year = ?%d) ";
const char kAgencyFilter[] =
    "AND EXISTS (SELECT 1 FROM report_facts rf WHERE rf.extraction_id = e.id AND instr(rf.agency, ?%d) > 0) ";
// Reports passing a ReportFilter (?1 site, ?2 since, ?3 year, ?5 report year, ?6 agency; ?4 is
// the capture of kReportOfCapture).
const char kReportsJoined[] =
    " FROM reports r JOIN captures c ON c.id = r.capture_id JOIN extractions e ON e.id = r.extraction_id ";
const std::string kReportsPassingFilter = std::string("WHERE (?1 = '' OR " GONGKAI_HOST_IS(
    "c.host", "c.url",
    "?1") " OR e.site = ?1 OR (e.site = '' AND (" GONGKAI_SEED_OF_REPORT
          ") = ?1)) "
          "AND c.started_at_ms >= ?2 "
          "AND (?3 = 0 OR substr(e.published, 1, 4) = printf('%04d', ?3)) "
          "AND (?5 = 0 OR EXISTS (SELECT 1 FROM report_facts rf WHERE rf.extraction_id = e.id AND rf.report_year = ?5)) "
          "AND (?6 = '' OR EXISTS (SELECT 1 FROM report_facts rf WHERE rf.extraction_id = e.id "
          "  AND instr(rf.agency, ?6) > 0)) ");
const std::string kReports = std::string("SELECT ") + kCaptureColumns + ", " + kExtractionColumns +
                             ", coalesce((" + GONGKAI_SEED_OF_REPORT + "), '')" + kReportsJoined +
                             kReportsPassingFilter;
// The seal checks of a report's facts (when it has them), capture and extraction.
const char kFactsSeal[] =
    GONGKAI_SEAL_CHECK("report facts of extraction", "rf.", GONGKAI_SEALED_REPORT_FACTS);
const char kCaptureSeal[] = GONGKAI_SEAL_CHECK("capture", "c.", GONGKAI_SEALED_CAPTURES);
const char kExtractionSeal[] = GONGKAI_SEAL_CHECK("extraction", "e.", GONGKAI_SEALED_EXTRACTIONS);
const std::string kReportFactsSeals = std::string("CASE WHEN rf.extraction_id IS NULL THEN NULL ELSE ") +
                                      kFactsSeal + " END, " + kCaptureSeal + ", " + kExtractionSeal;
// What coverage counts of a report (ReportFacts): no text, tables or statistic cells.
const std::string kAllReportFacts =
    std::string("SELECT c.url, e.site, coalesce((") + GONGKAI_SEED_OF_REPORT +
    "), ''), coalesce(rf.report_year, 0), coalesce(rf.agency, ''), coalesce(rf.stats_edition, ''), "
    "coalesce(rf.stats_checks_json, ''), " +
    kReportFactsSeals + kReportsJoined + "LEFT JOIN report_facts rf ON rf.extraction_id = e.id " +
    kReportsPassingFilter + "ORDER BY c.id";
#undef GONGKAI_SEED_OF_REPORT
// One report by its current capture: a separate statement so the planner looks the capture up.
const std::string kAllReports = kReports + "ORDER BY c.id";
const std::string kReportOfCapture = kReports + "AND c.id = ?4 AND r.capture_id = ?4";
const std::string kCountReports = std::string("SELECT count(*)") + kReportsJoined + kReportsPassingFilter;
const std::string kCountReportOfCapture = std::string("SELECT count(*)") + kReportsJoined +
                                          kReportsPassingFilter + "AND c.id = ?4 AND r.capture_id = ?4";
const char kCoverage[] =
    "SELECT c.host, e.site, CAST(substr(e.published, 1, 4) AS INTEGER), count(*), max(c.started_at_ms) "
    "FROM reports r JOIN extractions e ON e.id = r.extraction_id JOIN captures c ON c.id = r.capture_id "
    "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";
const char kCaptureStats[] =
    "SELECT host, count(*), sum(status = 0 OR status >= 400), sum(body_size) FROM captures "
    "GROUP BY host ORDER BY host";
const char kReportStats[] =
    "SELECT c.host, count(*) FROM reports r JOIN captures c ON c.id = r.capture_id "
    "WHERE r.extraction_id IS NOT NULL GROUP BY c.host";
const char kBlobStats[] =
    "SELECT c.host, sum(b.size), sum(b.stored_size) FROM blobs b "
    "JOIN captures c ON c.id = (SELECT min(id) FROM captures WHERE body_id = b.id) "
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

// What ranking and date order need of a match (its hit is read for the page only).
struct Match {
  int64_t extraction_id = 0;
  size_t title_size = 0;  // bytes
  size_t text_size = 0;   // bytes
  std::string published;
  Matcher::Counts counts;
  double score = 0;
};

// The counts of a match of an exact query from its phrases' counts: the occurrences of every term
// that is not excluded (a title: term's in the title only), as Matcher::Count sums them.
Matcher::Counts IndexCounts(const IndexQuery& index, std::span<const PhraseCount> counts) {
  Matcher::Counts result;
  result.matched = true;
  for (size_t p = 0; p < index.term_of_phrase.size() && p < counts.size(); ++p) {
    if (index.phrase_excluded[p]) continue;
    result.in_title += static_cast<int>(counts[p].in_title);
    if (!index.term_of_phrase[p]->title_only) result.in_text += static_cast<int>(counts[p].in_text);
  }
  return result;
}

// The ids of the extractions whose phrase counts satisfy the index query, as a JSON array in
// ascending order (the rows are then read in b-tree order).
std::string FoundIds(const IndexQuery& index, const PhraseCountsByExtraction& found) {
  std::vector<int64_t> matched;
  matched.reserve(found.extractions().size());
  for (int64_t id : found.extractions()) {
    if (IndexQueryHolds(index, found.Find(id))) matched.push_back(id);
  }
  std::sort(matched.begin(), matched.end());
  std::string ids = "[";
  for (int64_t id : matched) {
    if (ids.size() > 1) ids += ',';
    ids += std::to_string(id);
  }
  return ids + "]";
}

// Scores every match and orders `order` (indexes into matches, newest extraction first) by score.
void Rank(std::vector<Match>* matches, std::vector<uint32_t>* order) {
  double title_total = 0, text_total = 0;
  for (const Match& m : *matches) {
    title_total += static_cast<double>(m.title_size);
    text_total += static_cast<double>(m.text_size);
  }
  const double n = std::max<double>(1, static_cast<double>(matches->size()));
  for (Match& m : *matches) {
    m.score = -(kTitleWeight * Bm25Column(m.counts.in_title, m.title_size, title_total / n) +
                Bm25Column(m.counts.in_text, m.text_size, text_total / n));
  }
  // Stable: among equal scores the newer report (found first) stays first.
  std::stable_sort(order->begin(), order->end(),
                   [&](uint32_t a, uint32_t b) { return (*matches)[a].score < (*matches)[b].score; });
}

void SortByDate(const std::vector<Match>& matches, std::vector<uint32_t>* order) {
  // Newest first; undated last; the newer extraction (found first) first among equals.
  std::stable_sort(order->begin(), order->end(), [&](uint32_t i, uint32_t j) {
    const std::string& a = matches[i].published;
    const std::string& b = matches[j].published;
    if (a.empty() != b.empty()) return b.empty();
    return a > b;
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
  const IndexQuery index = BuildIndexQuery(parsed);
  PhraseCountsByExtraction found;
  if (!index.clauses.empty()) {
    status = CountIndexPhrases(&db_, index, &found);
    if (!status.ok()) return status;
  }
  std::vector<Binding> bindings;
  std::string sql;
  const bool filtered =
      !query.site.empty() || query.year != 0 || query.report_year != 0 || !query.agency.empty();
  if (index.exact) {
    // The index holds exactly the extractions some report points at, each once (archive_write.cc):
    // without a filter their reports need not be looked up until the page is read.
    bindings.push_back({FoundIds(index, found), 0, true});
    sql = std::string(kExactCandidates) + (filtered ? kCurrentReport : "WHERE 1 ") + kFoundByIndex;
  } else if (index.clauses.empty()) {
    sql = std::string(kCheckedColumns) + "FROM extractions e " + kCurrentReport;
  } else {
    bindings.push_back({FoundIds(index, found), 0, true});
    sql = std::string(kCheckedColumns) + "FROM extractions e " + kCurrentReport + kFoundByIndex;
  }
  AppendSearchFilters(query, &sql, &bindings);
  Stmt stmt(db_.raw(), sql);
  if (!stmt.prepared())
    return SqliteStatus(sqlite3_errcode(db_.raw()), "search for '" + query.text + "'", db_.raw());
  for (size_t i = 0; i < bindings.size(); ++i) {
    const int index_of_binding = static_cast<int>(i + 1);
    if (bindings[i].is_text) {
      stmt.Bind(index_of_binding, bindings[i].text);
    } else {
      stmt.Bind(index_of_binding, bindings[i].number);
    }
  }
  const Matcher matcher(parsed);
  std::vector<Match> matches;
  int rc;
  while ((rc = stmt.Step()) == SQLITE_ROW) {
    Match m;
    if (index.exact) {
      m.title_size = static_cast<size_t>(stmt.Int(1));
      m.counts = IndexCounts(index, found.Find(stmt.Int(0)));
      m.text_size = static_cast<size_t>(stmt.Int(3));
    } else {
      const std::string title = stmt.Text(1);
      const std::string text = stmt.Text(3);
      m.counts = matcher.Count(FoldForSearch(title), FoldForSearch(text));
      if (!m.counts.matched) continue;  // every phrase, but not the term itself
      m.title_size = title.size();
      m.text_size = text.size();
    }
    m.extraction_id = stmt.Int(0);
    m.published = stmt.Text(2);
    matches.push_back(std::move(m));
  }
  if (rc != SQLITE_DONE) return SqliteStatus(rc, "search for '" + query.text + "'", db_.raw());
  if (total != nullptr) *total = static_cast<int64_t>(matches.size());
  std::vector<uint32_t> order(matches.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),  // newest extraction first: stable sorts keep it first among equals
            [&](uint32_t a, uint32_t b) { return matches[a].extraction_id > matches[b].extraction_id; });
  Rank(&matches, &order);  // scores are reported whatever the order
  if (query.sort == SearchSort::kDate) SortByDate(matches, &order);
  const size_t begin = std::min(order.size(), static_cast<size_t>(query.offset));
  size_t end = order.size();
  if (query.limit > 0) end = std::min(end, begin + static_cast<size_t>(query.limit));
  for (size_t i = begin; i < end; ++i) {
    const Match& m = matches[order[i]];
    auto read = db_.Prepare(kPageRow.c_str(), &status);
    if (!read) return status;
    rc = read->Bind(1, m.extraction_id).Step();
    if (rc != SQLITE_ROW) return SqliteStatus(rc, "read a search hit", db_.raw());
    SearchHit hit;
    hit.extraction_id = m.extraction_id;
    hit.capture_id = read->Int(0);
    hit.url = read->Text(1);
    hit.site = read->Text(2);
    hit.title = read->Text(4);
    hit.published = m.published;
    hit.score = m.score;
    hit.snippet = matcher.Snippet(hit.title, read->Text(3), kSnippetContextChars, query.highlight_open,
                                  query.highlight_close);
    hits->push_back(std::move(hit));
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

Status SqliteArchive::CountReports(const ReportFilter& filter, int64_t* count) {
  Stmt stmt(db_.raw(), filter.capture_id != 0 ? kCountReportOfCapture : kCountReports);
  if (!stmt.prepared()) return SqliteStatus(sqlite3_errcode(db_.raw()), "count reports", db_.raw());
  stmt.Bind(1, filter.site).Bind(2, filter.since_ms).Bind(3, filter.year);
  if (filter.capture_id != 0) stmt.Bind(4, filter.capture_id);
  stmt.Bind(5, filter.report_year).Bind(6, filter.agency);
  int rc = stmt.Step();
  if (rc != SQLITE_ROW) return SqliteStatus(rc, "count reports", db_.raw());
  *count = stmt.Int(0);
  return Status::OK();
}

Status SqliteArchive::ForEachReportFacts(const ReportFilter& filter,
                                         const std::function<bool(const ReportFacts&)>& fn) {
  Stmt stmt(db_.raw(), kAllReportFacts);  // not cached: fn may call back into the archive
  if (!stmt.prepared()) return SqliteStatus(sqlite3_errcode(db_.raw()), "list report facts", db_.raw());
  stmt.Bind(1, filter.site).Bind(2, filter.since_ms).Bind(3, filter.year).Bind(4, int64_t{0});
  stmt.Bind(5, filter.report_year).Bind(6, filter.agency);
  int rc;
  while ((rc = stmt.Step()) == SQLITE_ROW) {
    ReportFacts facts;
    facts.url = stmt.Text(0);
    facts.site = stmt.Text(1);
    facts.seed = stmt.Text(2);
    facts.report_year = static_cast<int>(stmt.Int(3));
    facts.agency = stmt.Text(4);
    facts.statistics_edition = stmt.Text(5);
    nlohmann::json checks = nlohmann::json::parse(stmt.Text(6), nullptr, /*allow_exceptions=*/false);
    if (checks.is_array()) {
      for (const auto& c : checks) {
        if (c.is_object() && c.value("status", "") == "FAIL")
          facts.failed_rules.push_back(c.value("rule", ""));
      }
    }
    if (!fn(facts)) return Status::OK();
  }
  return SqliteStatus(rc, "list report facts", db_.raw());
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
