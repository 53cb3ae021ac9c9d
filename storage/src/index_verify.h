// verify's check of the search index (index_changes.h describes its tables): the index is rebuilt
// from the current extractions in temporary tables of the connection and compared with the stored
// one: every title and passage term by term, every holding entry by entry, every passage's holder
// count, and no passage id at or above the next one to be given. Internal to storage.
#pragma once

#include <string>
#include <vector>

#include "sqlite_util.h"

namespace gongkai::storage {

// Appends one line per difference found to *problems (a check that cannot run is itself one).
// Runs inside the caller's read snapshot.
void VerifySearchIndex(Db* db, std::vector<std::string>* problems);

}  // namespace gongkai::storage
