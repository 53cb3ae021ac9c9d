// report_facts and statistic_cells: what an extraction says the report is about and its statistics
// tables cell by cell (docs/archive-format.md, "Report facts and statistics"). Written with the
// extraction in the same transaction, read back with it.
#include <nlohmann/json.hpp>

#include "archive_impl.h"
#include "seal.h"

namespace gongkai::storage {
namespace {

const char kDeleteCells[] = "DELETE FROM statistic_cells WHERE extraction_id = ?1";
const char kUpsertFacts[] =
    "INSERT INTO report_facts(extraction_id, report_year, agency, stats_edition, stats_checks_json, "
    "agency_source) VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(extraction_id) DO UPDATE SET report_year = ?2, "
    "agency = ?3, stats_edition = ?4, stats_checks_json = ?5, agency_source = ?6";
const char kInsertCell[] =
    "INSERT OR REPLACE INTO statistic_cells(extraction_id, field, state, value, raw, seal) "
    "VALUES(?1, ?2, ?3, ?4, ?5, gongkai_seal('statistic_cells', ?1, ?2, ?3, ?4, ?5))";  // seal.h
const char kReadFacts[] =
    "SELECT coalesce(report_year, 0), agency, stats_edition, stats_checks_json, agency_source, " GONGKAI_SEAL_CHECK(
        "report facts of extraction", "",
        GONGKAI_SEALED_REPORT_FACTS) " FROM report_facts WHERE extraction_id = ?1";
const char kReadCells[] = "SELECT field, state, coalesce(value, 0), raw, " GONGKAI_SEAL_CHECK(
    "statistic cell", "", GONGKAI_SEALED_STATISTIC_CELLS) " FROM statistic_cells WHERE extraction_id = ?1";

}  // namespace

Status SqliteArchive::WriteReportFacts(int64_t extraction_id, const ExtractionRecord& e) {
  Status status;
  {
    auto del = db_.Prepare(kDeleteCells, &status);
    if (!del) return status;
    status =
        del->Bind(1, extraction_id).Exec("store statistics of extraction " + std::to_string(extraction_id));
    if (!status.ok()) return status;
  }
  nlohmann::json checks = nlohmann::json::array();
  for (const StatisticCheckRecord& c : e.statistic_checks)
    checks.push_back({{"rule", c.rule}, {"status", c.status}, {"detail", c.detail}, {"cells", c.cells}});
  const std::string agency_source = e.agency.empty() ? "" : e.agency_source;  // no source without an agency
  {
    auto facts = db_.Prepare(kUpsertFacts, &status);
    if (!facts) return status;
    facts->Bind(1, extraction_id);
    if (e.report_year > 0)
      facts->Bind(2, e.report_year);
    else
      facts->BindNull(2);
    facts->Bind(3, e.agency)
        .Bind(4, e.statistics_edition)
        .Bind(5, checks.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
        .Bind(6, agency_source);
    status = facts->Exec("store report facts of extraction " + std::to_string(extraction_id));
    if (!status.ok()) return status;
  }
  for (const StatisticCellRecord& c : e.statistic_cells) {
    auto cell = db_.Prepare(kInsertCell, &status);
    if (!cell) return status;
    cell->Bind(1, extraction_id).Bind(2, c.field).Bind(3, c.state);
    if (c.state == "number")
      cell->BindDouble(4, c.value);
    else
      cell->BindNull(4);
    cell->Bind(5, c.raw);
    status = cell->Exec("store statistics of extraction " + std::to_string(extraction_id));
    if (!status.ok()) return status;
  }
  return Status::OK();
}

Status SqliteArchive::LoadReportFacts(ExtractionRecord* e) {
  e->report_year = 0;
  e->agency.clear();
  e->agency_source.clear();
  e->statistics_edition.clear();
  e->statistic_cells.clear();
  e->statistic_checks.clear();
  Status status;
  {
    auto facts = db_.Prepare(kReadFacts, &status);
    if (!facts) return status;
    int rc = facts->Bind(1, e->id).Step();
    if (rc == SQLITE_DONE) return Status::OK();  // made before report facts were kept
    if (rc != SQLITE_ROW) return SqliteStatus(rc, "read report facts", db_.raw());
    e->report_year = static_cast<int>(facts->Int(0));
    e->agency = facts->Text(1);
    e->statistics_edition = facts->Text(2);
    e->agency_source = facts->Text(4);
    nlohmann::json checks = nlohmann::json::parse(facts->Text(3), nullptr, /*allow_exceptions=*/false);
    if (checks.is_array()) {
      for (const auto& c : checks) {
        if (!c.is_object()) continue;
        StatisticCheckRecord r;
        r.rule = c.value("rule", "");
        r.status = c.value("status", "");
        r.detail = c.value("detail", "");
        if (c.contains("cells") && c["cells"].is_array())
          for (const auto& id : c["cells"])
            if (id.is_string()) r.cells.push_back(id.get<std::string>());
        e->statistic_checks.push_back(std::move(r));
      }
    }
  }
  auto cells = db_.Prepare(kReadCells, &status);
  if (!cells) return status;
  cells->Bind(1, e->id);
  int rc;
  while ((rc = cells->Step()) == SQLITE_ROW)
    e->statistic_cells.push_back({cells->Text(0), cells->Text(1), cells->Double(2), cells->Text(3)});
  return SqliteStatus(rc, "read statistics", db_.raw());
}

}  // namespace gongkai::storage
