// The attached file of a report whose statistics tables are only in the attachment
// (ReportModel::stats_in_attachment; the page says "详见附件"): a DOCX generated from the report's own
// tables — the same cells, edition, markup and broken rules `portal --truth` gives for the report —
// so a reader of the file can be checked cell by cell against the truth.
#pragma once

#include <string>

#include "model.h"

namespace gongkai::portal {

// The DOCX bytes: the report's title, then the statistics blocks (headings, the sentence quoting the
// figures, the tables with w:gridSpan and w:vMerge for their spans), then a closing line.
std::string StatAttachmentDocx(const ReportModel& report);

inline constexpr const char* kDocxContentType =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

}  // namespace gongkai::portal
