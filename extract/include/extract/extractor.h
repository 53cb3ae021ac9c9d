// The boilerplate stripper: from one raw government page, the report and nothing else —
// title, publication date, source, site, column, body text, tables and attachments.
//
// Pure: bytes in, structures out; no network, no files, no global state. Deterministic: the same
// bytes and Options give byte-identical output. Thread-safe (each call is independent).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "extract/html_page.h"
#include "extract/statistics.h"

namespace gongkai::extract {

// Changes whenever output for some input can change, so archived extractions can be told apart.
extern const char* const kExtractorVersion;

// Why a file (PDF, DOCX, OFD, DOC/WPS) gave no extraction; kNone for pages and readable files.
enum class FileError {
  kNone,
  kEmpty,        // no bytes, or only whitespace
  kUnsupported,  // binary data of a kind that holds no report text (image, archive, spreadsheet)
  kEncrypted,    // password-protected: the text cannot be read without the password
  kDamaged,      // not a well-formed file of its kind (broken xref, truncated zip, bad XML)
  kTooLarge,     // over a limit in Options (bytes, pages, unpacked bytes): refused, not cut
  kTimeout,      // a helper program or OCR ran out of its time or memory
  kNoText,       // image-only (图片版) and OCR not available or not recognising anything
};
const char* ToString(FileError error);  // "none", "empty", "unsupported", "encrypted", ...

struct Options {
  // Inputs larger than this are cut before parsing (Gumbo is not hardened against huge inputs).
  std::size_t max_input_bytes = 16 * 1024 * 1024;
  // Files (PDF, DOCX, OFD, DOC/WPS) larger than this are refused (FileError::kTooLarge): a file
  // cannot be cut like a page. Real 年报 PDFs are 0.1-5 MB, scanned ones up to ~30 MB.
  std::size_t max_file_bytes = 64 * 1024 * 1024;
  // Files with more pages are refused: reports run 3-60 pages; each page costs ~1-5 ms (text) and
  // more when tables are looked for, so 300 pages bound one file to about a second.
  int max_file_pages = 300;
  // An entry of a DOCX/OFD zip unpacking to more than this is refused (zip bombs): the
  // document.xml of a 60-page report is under 2 MB.
  std::size_t max_unzipped_bytes = 32 * 1024 * 1024;
  // DOC/WPS helper program (antiword/catdoc) limits: CPU seconds and address space. antiword reads
  // a 1 MB DOC in ~10 ms and ~3 MB (docs/file-formats.md).
  int helper_cpu_seconds = 10;
  int helper_memory_mb = 256;
  // OCR image-only PDFs (图片版) when built with GONGKAI_OCR; at most this many pages (OCR costs
  // 2-6 s a page on one core; a longer scan is refused with kTooLarge).
  bool ocr = true;
  int ocr_max_pages = 20;
  // Extra boilerplate line patterns (RE2 syntax, matched on characters against whole lines) added to the
  // shipped pattern file, from config.toml [extract] extra_boilerplate_patterns.
  std::vector<std::string> extra_boilerplate_patterns;
};

struct Attachment {
  std::string name;  // anchor text
  std::string url;   // with a base URL: canonical (base/url.h CanonicalUrl), the URL the crawler archives
};

// What one line of Extraction::text is, for the renderings (not part of the JSON contract).
struct TextLine {
  enum class Kind { kParagraph, kHeading, kListItem, kTableRow };
  Kind kind = Kind::kParagraph;
  int level = 0;   // heading level 1..6 for kHeading
  int table = -1;  // index into Extraction::tables for kTableRow (-1: row of a table not kept)
};

struct Extraction {
  std::string title;
  std::optional<std::string> published;  // ISO 8601: "2018-01-31T10:25:00" or "2013-03-04"
  std::string source;                    // 来源 / ContentSource / 发布机构
  std::string site;                      // SiteName or portal name
  std::string column;                    // ColumnName or last breadcrumb item
  std::string text;                      // paragraphs separated by '\n'; table rows as "a | b | c"
  std::vector<Table> tables;
  std::vector<Attachment> attachments;
  std::string charset;           // the charset used to decode
  std::string charset_declared;  // what was declared ("" if nothing)
  std::string extractor_version = kExtractorVersion;
  std::vector<TextLine> lines;  // one entry per line of `text`, in order (for ToMarkdown)

  // The input's format, sniffed from its leading bytes (never from the extension or Content-Type):
  // "html", "pdf", "docx", "doc", "wps", "ofd".
  std::string format = "html";
  int pages = 0;                       // pages of a paged file (PDF, OFD; DOC/DOCX when known); 0 for HTML
  bool ocr = false;                    // the text was recognised from page images (图片版)
  double ocr_confidence = 0;           // mean recognition confidence 0..100 when `ocr`
  FileError error = FileError::kNone;  // set when Extract() returns false on a file

  // What the report is about, read from its title and body (never from the publication date).
  std::optional<int> report_year;  // the year the report covers
  std::string agency;              // the publishing body
  // Where `agency` was read (kAgencySource*): the title, the page's 来源/发布机构/ContentSource, the
  // page's column name, or, set by the crawler, the 集约化 sub-column the report was listed in.
  // "" when `agency` is.
  std::string agency_source;
  std::optional<Statistics> statistics;  // the standard template's tables, when found
};

struct ExtractInput {
  std::string_view bytes;      // raw page as fetched
  std::string url;             // page address, for absolute attachment URLs ("" if unknown)
  std::string content_type;    // HTTP Content-Type header ("" if unknown)
  std::string forced_charset;  // non-empty: decode with this charset, ignore declarations
};

// Extracts the report from a page or a file. The format is sniffed from the leading bytes (never
// from the extension or Content-Type): HTML/text pages, PDF, DOCX, OFD, DOC/WPS; every format fills
// the same fields. When nothing can be extracted it returns a non-ok Status whose message names what
// is wrong, and sets out->error for files: InvalidArgument for empty input, other binary data, a
// limit exceeded or a bad extra_boilerplate_patterns entry; Corruption for an encrypted or damaged
// file (and for any failure inside a parser); IOError when a helper ran out of time; NotFound for
// an image-only file without OCR. Never throws, never crashes; time and memory are bounded by Options.
Status Extract(const ExtractInput& input, const Options& options, Extraction* out);

// Extract() with its Options checked and its extra boilerplate patterns compiled once, for callers
// that extract many pages (the crawler's workers). Const methods: one Extractor serves any number
// of threads at once.
class Extractor {
 public:
  // Sets *extractor, or returns InvalidArgument "bad pattern '<pattern>': <why>" when an extra
  // boilerplate pattern does not compile (the caller names the option). config.toml is validated by
  // this same call.
  static Status Create(const Options& options, std::unique_ptr<Extractor>* extractor);
  ~Extractor();

  // As Extract() above. `page`, when given, is input.bytes already decoded and parsed
  // (HtmlPage::Decode(input.bytes, input.content_type, options().max_input_bytes)) by a caller that
  // also read its links; it is used when the bytes are a page (not a file), with the same result.
  Status Extract(const ExtractInput& input, Extraction* out, const HtmlPage* page = nullptr) const;

  const Options& options() const { return options_; }

 private:
  struct Patterns;
  Extractor(const Options& options, std::unique_ptr<Patterns> patterns);
  // Extract() without its catch-all.
  Status ExtractOrThrow(const ExtractInput& input, Extraction* out, const HtmlPage* page) const;
  Options options_;
  std::unique_ptr<Patterns> patterns_;
};

// Fills e->report_year, e->agency and e->statistics from what Extract() (or a file reader) put in
// the title, source, column, text and tables. Extract() calls it; readers of other formats call it
// once their grids and text are filled.
void AnnotateReport(Extraction* e);

// The year a report covers: a "YYYY年" the title names (not a date in it), else the body's
// 统计期限 sentence, else "YYYY年度" / "YYYY年政府信息公开…" early in the body. Never a publication date.
std::optional<int> FindReportYear(std::string_view title, std::string_view body);
// The publishing body: the title's prefix before the year ("昆明市晋宁区人民政府2020年…"), else the
// source (来源 / 发布机构 / ContentSource), else the column name, when it reads as an organisation name.
// *from (when given) is set to the kAgencySource* constant of the place it came from, "" for none.
std::string FindAgency(std::string_view title, std::string_view source, std::string_view column,
                       std::string* from = nullptr);

// Values of Extraction::agency_source.
inline constexpr char kAgencySourceTitle[] = "title";             // the report's title
inline constexpr char kAgencySourcePage[] = "page";               // 来源 / 发布机构 / ContentSource
inline constexpr char kAgencySourcePageColumn[] = "page_column";  // the page's ColumnName / column
inline constexpr char kAgencySourceColumn[] = "column";           // the crawl: the agency's column

// Renderings used by `gongkai extract --format` and by the archive.
std::string ToJson(const Extraction& e);      // one JSON object, keys as documented in README
std::string ToText(const Extraction& e);      // title, date line, blank line, text
std::string ToMarkdown(const Extraction& e);  // headings, paragraphs, GFM tables

}  // namespace gongkai::extract
