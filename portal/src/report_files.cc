// File-only reports: which reports, their files and their ground truth (report_files.h).
#include "report_files.h"

#include "embedded.h"
#include "util.h"

namespace gongkai::portal {
namespace {

// Every fourth report (from the third) of a file_reports site is file-only, cycling the formats
// (from a different one on each site, so that a few sites show them all).
constexpr int kFileReportEvery = 4;
constexpr int kFileReportFirst = 2;
const char* const kFiles[] = {"jinning-2020.pdf", "jinning-2020.docx",   "jinning-2020.doc",
                              "jinning-2020.ofd", "alashankou-2017.pdf", "alashankou-2017.docx"};

// The report text each file was made from (portal/data), between its heading and the portal chrome.
std::string SourceText(const std::string& file) {
  return file.rfind("jinning", 0) == 0 ? "jinning-kunming-2020.txt" : "alashankou-2017.txt";
}

}  // namespace

void AssignReportFile(const SiteModel& site, int i, ReportModel* r) {
  if (!site.spec.file_reports || i % kFileReportEvery != kFileReportFirst) return;
  const int n = static_cast<int>(sizeof kFiles / sizeof kFiles[0]);
  r->file = kFiles[(i / kFileReportEvery + site.index) % n];
  const std::string ymd =
      std::to_string(r->pub_year) + (r->pub_month < 10 ? "0" : "") + std::to_string(r->pub_month);
  r->attachment_path = "/uploadfiles/" + ymd + "/P0" + std::to_string(100000000 + r->article_id * 7) +
                       ReportFileExtension(r->file);
}

std::string_view ReportFileBytes(const std::string& name) {
  for (int i = 0; i < kEmbeddedReportFileCount; ++i)
    if (name == kEmbeddedReportFiles[i].name)
      return std::string_view(kEmbeddedReportFiles[i].data,
                              static_cast<size_t>(kEmbeddedReportFiles[i].size));
  return {};
}

std::string ReportFileExtension(const std::string& name) {
  size_t dot = name.rfind('.');
  return dot == std::string::npos ? "" : name.substr(dot);
}

std::string ReportFileContentType(const std::string& name) {
  const std::string ext = ReportFileExtension(name);
  if (ext == ".pdf") return "application/pdf";
  if (ext == ".docx") return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  if (ext == ".doc") return "application/msword";
  if (ext == ".ofd") return "application/ofd";
  return "application/octet-stream";
}

std::vector<Block> FilePageBlocks() {
  return {{Block::Kind::kParagraph, "（报告全文见附件）", {}}};
}

std::vector<Block> FileReportBlocks(const ReportModel& r) {
  std::vector<Block> blocks;
  bool body = false;
  for (const std::string& line : Lines(EmbeddedText(SourceText(r.file)))) {
    if (line.rfind("根据", 0) == 0) body = true;
    if (!body || line.empty() || line.find(" |") != std::string::npos) continue;
    if (line.rfind("分享到", 0) == 0) break;
    bool heading = line.size() < 120 && (line.find("、") != std::string::npos) && line.find("、") <= 12 &&
                   line.find("。") == std::string::npos;
    blocks.push_back({heading ? Block::Kind::kHeading : Block::Kind::kParagraph, line, {}});
  }
  return blocks;
}

}  // namespace gongkai::portal
