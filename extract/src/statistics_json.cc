// The `statistics` object of the JSON contract: {edition, cells: {id: value|null}, empty: [id],
// checks: [{rule, status, detail, cells}]} (docs/statistics-schema.md).
#include <algorithm>
#include <cmath>

#include "statistics_internal.h"

namespace gongkai::extract::stats {

nlohmann::ordered_json StatisticsJson(const Statistics& s) {
  nlohmann::ordered_json j;
  j["edition"] = s.edition;
  nlohmann::ordered_json cells = nlohmann::ordered_json::object();
  nlohmann::ordered_json empty = nlohmann::ordered_json::array();
  // The edition's ids in template order, then any id of the other edition the report printed (a
  // 2021 report with the 2019 single （六）其他处理 row: t3.other.*).
  std::vector<std::string> ids = StatisticFieldIds(s.edition);
  for (const std::string& id : AllStatisticFieldIds())
    if (s.cells.count(id) && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  for (const std::string& id : ids) {
    auto it = s.cells.find(id);
    if (it == s.cells.end()) continue;
    const StatisticCell& c = it->second;
    if (c.state != StatisticCell::State::kNumber) {
      cells[id] = nullptr;
      if (c.state == StatisticCell::State::kEmpty) empty.push_back(id);
    } else if (std::fabs(c.value - std::round(c.value)) < 1e-9 && std::fabs(c.value) < 1e15) {
      cells[id] = static_cast<long long>(std::llround(c.value));
    } else {
      cells[id] = c.value;
    }
  }
  j["cells"] = cells;
  j["empty"] = empty;
  nlohmann::ordered_json checks = nlohmann::ordered_json::array();
  for (const StatisticCheck& c : s.checks)
    checks.push_back(
        {{"rule", c.rule}, {"status", ToString(c.status)}, {"detail", c.detail}, {"cells", c.cells}});
  j["checks"] = checks;
  return j;
}

}  // namespace gongkai::extract::stats
