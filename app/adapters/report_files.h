// Reports published as files: folding the extraction of a report page's attachment (PDF, DOCX, OFD,
// DOC/WPS) into the page's extraction, so that a page whose body is only a link to the file gets
// the file's text, tables, title and date (the page's own title, date and source win where both
// exist), and a page with a body of its own keeps it as primary with the file's text beside it.
//
// The merged extraction is stored for the page's body (storage::ExtractionRecord), so search,
// `show`, the exports and `reextract` see it; each file's own extraction is stored for the file's
// capture. Provenance: listing -> page capture -> file capture (discovered_from_url) -> extraction.
// In the record's attachments (storage::AttachmentRecord) each file read carries its format and
// pages, ocr, title, published, text, tables and primary (true: the report's text is this
// file's), or its error (the FileError kind) when it could not be read.
#pragma once

#include <string>

#include "extract/extractor.h"
#include "storage/archive.h"

namespace gongkai::app {

// Adds `file` (extracted from `file_url`, or failed with `error_kind` when not kNone) to `page`.
void FoldFileIntoReport(const std::string& file_url, const extract::Extraction& file,
                        storage::ExtractionRecord* page);

// Extracts the body of an attachment capture; false (and *file->error set) when it is not a file
// that holds a report (an HTML page, an image, a damaged file).
bool ExtractFile(const std::string& url, std::string_view body, const extract::Options& options,
                 extract::Extraction* file);

// After an attachment capture was recorded: folds its extraction into the current extraction of
// the report page it was found on (`page_url`), when that page is an archived report.
storage::Status FoldIntoArchivedReport(storage::Archive* archive, const std::string& page_url,
                                       const std::string& file_url, const extract::Extraction& file);

// The report files folded into `page`: URL and one line saying what each gave ("pdf, 4 pages,
// primary", "docx, beside the page's text", "doc, error: damaged"), for `gongkai show`.
std::vector<std::pair<std::string, std::string>> DescribeFiles(const storage::ExtractionRecord& page);

// For reextract and a changed report page: folds into `page` every attachment it links (listed in
// its extraction, or linked from its body `page_body` fetched from `page_url` by file extension)
// that the archive holds a body of, appending each file's own extraction to *file_records.
void FoldArchivedFiles(storage::Archive* reader, const extract::Options& options, std::string_view page_body,
                       const std::string& page_url, storage::ExtractionRecord* page,
                       std::vector<storage::ExtractionRecord>* file_records);

}  // namespace gongkai::app
