// AnnotateReport(): what a report is about — the year it covers, the body that published it — and
// its standard tables read into typed cells (statistics_read.cc).
#include "extract/extractor.h"

namespace gongkai::extract {

void AnnotateReport(Extraction* e) {
  e->statistics = ReadStatistics(e->tables, e->text, e->report_year);
}

}  // namespace gongkai::extract
