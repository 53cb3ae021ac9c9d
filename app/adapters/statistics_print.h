// The statistics tables of an archived extraction as text, for `gongkai show`: 表二, 表三 and 表四
// laid out by field id (docs/statistics-schema.md) with the check results, failures first.
#pragma once

#include <ostream>

#include "storage/records.h"

namespace gongkai::app {

void PrintStatistics(const storage::ExtractionRecord& extraction, std::ostream& out);

}  // namespace gongkai::app
