// Reports published only as a file: some reports of a site with SiteSpec::file_reports have a page
// whose body is just a link to the report as a real PDF, DOCX, DOC or OFD file (made from real
// report texts by tests/extract/data/files/make.sh and embedded in the library). The ground truth
// of such a report is the file's text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "content.h"
#include "model.h"

namespace gongkai::portal {

struct EmbeddedReportFile {
  const char* name;
  const char* data;
  int size;
};
extern const EmbeddedReportFile kEmbeddedReportFiles[];
extern const int kEmbeddedReportFileCount;

// Makes report i of a site with file_reports a file-only report (sets file and attachment_path).
void AssignReportFile(const SiteModel& site, int i, ReportModel* r);

// The bytes and Content-Type of an embedded file ("" when unknown).
std::string_view ReportFileBytes(const std::string& name);
std::string ReportFileContentType(const std::string& name);
std::string ReportFileExtension(const std::string& name);  // ".pdf", ".docx", ...

// What the page shows in place of the body (a note; the link is the attachment block).
std::vector<Block> FilePageBlocks();
// The report's text as the file holds it (its ground truth).
std::vector<Block> FileReportBlocks(const ReportModel& r);

}  // namespace gongkai::portal
