// Extract(): decode -> parse -> choose content -> filter lines -> metadata (see extractor.h).
#include "extract/extractor.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <exception>
#include <string>
#include <unordered_set>

#include "boilerplate.h"
#include "content.h"
#include "document.h"
#include "extract/charset.h"
#include "extract/links.h"
#include "file_extract.h"
#include "file_sniff.h"
#include "metadata.h"
#include "text_util.h"

namespace gongkai::extract {

const char* const kExtractorVersion = "gongkai-extract/6";

namespace {

// Attachments listed after the body are still the body's: look this many lines past its end.
constexpr int kAttachmentTailBlocks = 25;

constexpr std::array<std::string_view, 22> kAttachmentExtensions = {
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps",  ".et",  ".ppt", ".pptx", ".zip", ".rar",
    ".7z",  ".txt", ".csv",  ".ofd", ".tif",  ".tiff", ".dps", ".ceb", ".gd",   ".odt", ".ods"};

bool IsAttachmentLink(const Anchor& a) {
  std::string href = text::ToLowerAscii(a.href);
  std::size_t cut = href.find_first_of("?#");
  std::string path = href.substr(0, cut);
  std::string name = text::ToLowerAscii(a.text);
  for (std::string_view ext : kAttachmentExtensions) {
    if (path.size() > ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0) return true;
    if (name.size() > ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0) return true;
  }
  return false;
}

// inside[n]: node n is `ancestor` or below it. Nodes are in document order, parents first, so one
// pass decides every node (walking up from each anchor was O(anchors x depth)).
std::vector<bool> NodesInside(const Page& page, int ancestor) {
  std::vector<bool> inside(page.nodes.size(), false);
  for (std::size_t n = 0; n < page.nodes.size(); ++n) {
    int parent = page.nodes[n].parent;
    inside[n] = static_cast<int>(n) == ancestor || (parent >= 0 && inside[static_cast<std::size_t>(parent)]);
  }
  return inside;
}

// An attachment's URL as the crawler archives it: resolved as a browser would (query text in the
// page's charset), then canonical (base/url.h), so an export names the capture's own URL.
std::string AttachmentUrl(const std::string& base, const std::string& href, QueryCharset query_charset) {
  if (base.empty()) return href;
  std::string resolved = ResolveUrl(base, href, query_charset);
  std::string canonical = CanonicalUrl(resolved);
  if (!canonical.empty()) return canonical;
  return resolved.empty() ? href : resolved;
}

void CollectAttachments(const Page& page, const ContentSelection& sel, const std::string& base,
                        QueryCharset query_charset, Extraction* out) {
  const std::vector<bool> inside_selection = NodesInside(page, sel.node);
  std::unordered_set<std::string> seen_urls;  // a linear scan per link was O(N^2): 200k links, 34 s
  for (const Anchor& a : page.anchors) {
    if (a.block < sel.begin || a.block >= sel.end + kAttachmentTailBlocks) continue;
    if (!IsAttachmentLink(a)) continue;
    bool inside = a.node >= 0 && inside_selection[static_cast<std::size_t>(a.node)];
    if (!inside && page.nodes[a.node].region == Hint::kNegative) continue;
    std::string url = AttachmentUrl(base, a.href, query_charset);
    if (seen_urls.insert(url).second) out->attachments.push_back(Attachment{a.text, url});
  }
}

void BuildText(const Page& page, const ContentSelection& sel, const Metadata& meta, Extraction* out) {
  std::vector<int> table_index(page.tables.size(), -1);
  for (int i : sel.kept) {
    const Block& b = page.blocks[i];
    if (i == meta.title_block) continue;
    TextLine line;
    if (b.table >= 0) {
      if (table_index[b.table] < 0) {
        table_index[b.table] = static_cast<int>(out->tables.size());
        out->tables.push_back(page.tables[b.table]);
      }
      line.kind = TextLine::Kind::kTableRow;
      line.table = table_index[b.table];
    } else if (b.heading) {
      line.kind = TextLine::Kind::kHeading;
      line.level = b.heading;
    } else if (b.list_item) {
      line.kind = TextLine::Kind::kListItem;
    }
    if (!out->text.empty()) out->text += '\n';
    out->text += b.text;
    out->lines.push_back(line);
  }
}

// The HTML path of Extract(), on a decoded and parsed page.
void ExtractHtml(const HtmlPage& html, std::string_view url, const BoilerplatePatterns& patterns,
                 Extraction* out) {
  out->charset = html.decoded().charset_used;
  out->charset_declared = html.decoded().charset_declared;
  Page page = BuildPage(html);
  ContentSelection sel = SelectContent(page, patterns);
  Metadata meta = ExtractMetadata(page, sel);
  out->title = meta.title;
  out->published = meta.published;
  out->source = meta.source;
  out->site = meta.site;
  out->column = meta.column;
  BuildText(page, sel, meta, out);
  std::string base(url);
  if (!page.base_href.empty()) {
    std::string resolved = base.empty() ? std::string() : ResolveUrl(base, page.base_href);
    if (!resolved.empty()) base = resolved;
  }
  CollectAttachments(page, sel, base, QueryCharsetOf(html.decoded().charset_used), out);
  AnnotateReport(out);
}

}  // namespace

// The shipped patterns, or the config's extras layered over them.
struct Extractor::Patterns {
  BoilerplatePatterns extras;
  bool has_extras = false;
  const BoilerplatePatterns& active() const { return has_extras ? extras : BoilerplatePatterns::Shipped(); }
};

Extractor::Extractor(const Options& options, std::unique_ptr<Patterns> patterns)
    : options_(options), patterns_(std::move(patterns)) {}
Extractor::~Extractor() = default;

Status Extractor::Create(const Options& options, std::unique_ptr<Extractor>* extractor) {
  auto patterns = std::make_unique<Patterns>();
  if (!options.extra_boilerplate_patterns.empty()) {
    Status status = patterns->extras.AddWholeLine(options.extra_boilerplate_patterns);
    if (!status.ok()) return status;
    patterns->extras.set_base(&BoilerplatePatterns::Shipped());
    patterns->has_extras = true;
  }
  extractor->reset(new Extractor(options, std::move(patterns)));
  return Status::OK();
}

Status Extractor::Extract(const ExtractInput& input, Extraction* out, const HtmlPage* page) const {
  // No exception leaves the library: a parser that throws (std::bad_alloc, a std::length_error) fails this
  // input alone.
  try {
    return ExtractOrThrow(input, out, page);
  } catch (const std::exception& e) {
    *out = Extraction{};
    out->error = FileError::kDamaged;
    return Status::Corruption((input.url.empty() ? std::string("input") : input.url) + " (" +
                              std::to_string(input.bytes.size()) + " bytes): " + e.what());
  }
}

Status Extractor::ExtractOrThrow(const ExtractInput& input, Extraction* out, const HtmlPage* page) const {
  *out = Extraction{};
  std::string_view bytes = input.bytes;
  if (text::TrimAscii(bytes).empty()) {
    out->error = FileError::kEmpty;
    return Status::InvalidArgument("empty input");
  }
  std::string what;
  FileFormat format = SniffFormat(bytes, &what);
  if (format == FileFormat::kBinary) {
    out->error = FileError::kUnsupported;
    return Status::InvalidArgument("binary data (" + what + ")");
  }
  if (format != FileFormat::kText) {
    Status status = ExtractFile(format, bytes, options_, out);
    if (!status.ok()) return status;
    AnnotateReport(out);  // report year, agency and statistics tables from the file's text and grids
    return Status::OK();
  }
  if (bytes.size() > options_.max_input_bytes) bytes = bytes.substr(0, options_.max_input_bytes);
  if (page != nullptr && input.forced_charset.empty()) {
    ExtractHtml(*page, input.url, patterns_->active(), out);
  } else if (input.forced_charset.empty()) {
    ExtractHtml(HtmlPage::Decode(bytes, input.content_type, bytes.size()), input.url, patterns_->active(),
                out);
  } else {
    DecodedText decoded = DecodeToUtf8(bytes, input.content_type, input.forced_charset);
    HtmlPage page = HtmlPage::FromUtf8(decoded.utf8);
    ExtractHtml(page, input.url, patterns_->active(), out);
    out->charset = decoded.charset_used;
    out->charset_declared = decoded.charset_declared;
  }
  return Status::OK();
}

Status Extract(const ExtractInput& input, const Options& options, Extraction* out) {
  std::unique_ptr<Extractor> extractor;
  Status status = Extractor::Create(options, &extractor);
  if (!status.ok()) {
    *out = Extraction{};
    return status.WithPrefix("extra_boilerplate_patterns");
  }
  return extractor->Extract(input, out);
}

}  // namespace gongkai::extract
