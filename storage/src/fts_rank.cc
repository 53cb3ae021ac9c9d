#include "fts_rank.h"

#include <sqlite3.h>

#include <vector>

namespace gongkai::storage {
namespace {

constexpr double kK1 = 1.2;   // bm25's term-frequency saturation
constexpr double kB = 0.75;   // bm25's length normalisation

void RankFunction(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int argc,
                  sqlite3_value** argv) {
  int columns = api->xColumnCount(fts);
  std::vector<double> weight(columns, 1.0);
  if (argc > 0 && columns > 0) weight[0] = sqlite3_value_double(argv[0]);  // the title column
  std::vector<int> frequency(columns, 0);
  int instances = 0;
  if (api->xInstCount(fts, &instances) != SQLITE_OK) {
    sqlite3_result_error(ctx, "gongkai_rank: cannot read phrase instances", -1);
    return;
  }
  for (int i = 0; i < instances; ++i) {
    int phrase = 0, column = 0, offset = 0;
    if (api->xInst(fts, i, &phrase, &column, &offset) == SQLITE_OK && column >= 0 && column < columns) {
      ++frequency[column];
    }
  }
  sqlite3_int64 rows = 0;
  api->xRowCount(fts, &rows);
  double score = 0;
  for (int c = 0; c < columns; ++c) {
    if (frequency[c] == 0) continue;
    sqlite3_int64 total = 0;
    int length = 0;
    api->xColumnTotalSize(fts, c, &total);
    api->xColumnSize(fts, c, &length);
    double average = rows > 0 && total > 0 ? static_cast<double>(total) / rows : 1.0;
    double tf = frequency[c];
    score += weight[c] * tf * (kK1 + 1) / (tf + kK1 * (1 - kB + kB * length / average));
  }
  sqlite3_result_double(ctx, -score);
}

}  // namespace

Status RegisterRankFunction(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) {
    return Status::IOError("this SQLite has no FTS5");
  }
  sqlite3_bind_pointer(stmt, 1, &api, "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (api == nullptr || api->iVersion < 2) return Status::IOError("this SQLite's FTS5 is too old");
  if (api->xCreateFunction(api, "gongkai_rank", nullptr, &RankFunction, nullptr) != SQLITE_OK) {
    return Status::IOError("cannot register gongkai_rank");
  }
  return Status::OK();
}

}  // namespace gongkai::storage
