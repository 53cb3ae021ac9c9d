// ReadDoc(): DOC and WPS (OLE2) through helper programs in a bounded child: wvWare first (tables as
// exact grids), antiword and catdoc when wvWare fails or reads clearly less text.
//
// Why helper programs and not a library: Debian 12 ships no maintained C/C++ library for the Word
// 97-2003 binary format (libwv is unmaintained since 2013 and its API is not meant for embedding;
// LibreOffice headless reads it best but is 300 MB installed and takes ~2 s to start a conversion).
// The helpers run as separate processes with CPU, memory and wall-clock limits and no network
// (subprocess.h), so a crash or hang on a hostile file costs one extraction, never the crawler.
//
// - wvWare (Debian `wv`) reads the file's table structure and prints HTML with every cell at its
//   grid position, merged cells included (doc_wv.h): DOC tables come out as the exact grids the
//   statistics reader needs, and headings come from the paragraph styles. Measured on the jinning
//   fixture (61 KB, 4 pages, three template tables with merged cells): 0.25 s and 11.5 MB peak RSS
//   (`/usr/bin/time -f "%es %MKB" wvWare jinning-2020.doc`).
// - antiword reads the format well and handles GB2312/GBK through its UTF-8 mapping, but prints a
//   vertically merged cell in its first row only and drops some tables with merged cells; catdoc
//   reads what antiword refuses (some WPS files, fast-saved DOCs). `antiword -m UTF-8.txt -w 0`
//   takes 0.01 s and 2 MB on the same file. They are the fallback: a file wvWare cannot read, or
//   where it yields clearly less text than antiword (a WPS file it misreads), goes through them.
// The limits in Options (10 s CPU, 256 MB) stop only a pathological file. See docs/file-formats.md.
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "doc_wv.h"
#include "file_readers.h"
#include "subprocess.h"
#include "text_util.h"

namespace gongkai::extract {
namespace {

// A private temporary directory holding a copy of the input (the helpers need a seekable file, and
// wvWare writes a document's images next to it, with -d): removed with everything in it.
class TempDir {
 public:
  explicit TempDir(std::string_view bytes) {
    const char* dir = std::getenv("TMPDIR");
    dir_ = std::string(dir != nullptr && *dir ? dir : "/tmp") + "/gongkai-doc-XXXXXX";
    if (mkdtemp(dir_.data()) == nullptr) {
      dir_.clear();
      return;
    }
    path_ = dir_ + "/input.doc";
    int fd = open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    std::size_t done = 0;
    while (fd >= 0 && done < bytes.size()) {
      ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    if (fd >= 0) close(fd);
    if (fd < 0 || done != bytes.size()) path_.clear();
  }
  ~TempDir() {
    if (dir_.empty()) return;
    if (DIR* d = opendir(dir_.c_str())) {
      while (dirent* e = readdir(d)) {
        std::string name = e->d_name;
        if (name != "." && name != "..") unlink((dir_ + "/" + name).c_str());
      }
      closedir(d);
    }
    rmdir(dir_.c_str());
  }
  const std::string& dir() const { return dir_; }
  const std::string& path() const { return path_; }

 private:
  std::string dir_, path_;
};

// Display columns of a UTF-8 string as antiword pads it: CJK and full-width forms take two.
int Columns(std::string_view s) {
  int n = 0;
  std::size_t pos = 0;
  while (pos < s.size()) {
    char32_t cp = text::NextCodePoint(s, &pos);
    n += (cp >= 0x1100 && (cp <= 0x115F || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
                           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
                           (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6)))
             ? 2
             : 1;
  }
  return n;
}

std::string Trim(std::string_view s) {
  std::string t = text::CollapseSpace(s);
  return t;
}

// Rows printed as |a   |b   | -> a grid; a cell spanning several columns (told from the column
// positions of the '|' in all rows of the table) is repeated across them.
FileBlock TableFromRows(const std::vector<std::string>& rows) {
  std::vector<std::vector<std::pair<int, std::string>>> cells;  // per row: (end column, text)
  std::vector<int> bounds;
  for (const std::string& row : rows) {
    std::vector<std::pair<int, std::string>> r;
    int col = 0;
    std::size_t start = 1;
    int start_col = 1;
    for (std::size_t i = 1; i < row.size(); ++i) {
      if (row[i] != '|') continue;
      std::string_view cell(row.data() + start, i - start);
      col = start_col + Columns(cell);
      r.push_back({col, Trim(cell)});
      bounds.push_back(col);
      start = i + 1;
      start_col = col + 1;
    }
    cells.push_back(std::move(r));
  }
  std::sort(bounds.begin(), bounds.end());
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
  FileBlock b;
  b.kind = FileBlock::Kind::kTable;
  for (const auto& r : cells) {
    std::vector<std::string> row;
    std::string line;
    std::size_t k = 0;
    for (const auto& [end, t] : r) {
      while (k < bounds.size() && bounds[k] <= end) {
        row.push_back(t);
        ++k;
      }
      line += (line.empty() ? "" : " | ") + t;
    }
    row.resize(bounds.size());
    b.table.push_back(std::move(row));
    b.row_texts.push_back(line);
  }
  return b;
}

void ParseText(const std::string& out, FileDocument* doc) {
  std::vector<std::string> table_rows;
  auto flush = [&] {
    if (!table_rows.empty()) doc->blocks.push_back(TableFromRows(table_rows));
    table_rows.clear();
  };
  std::size_t start = 0;
  while (start < out.size()) {
    std::size_t nl = out.find('\n', start);
    std::string line = out.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    start = nl == std::string::npos ? out.size() : nl + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.size() >= 2 && line.front() == '|' && line.back() == '|') {
      table_rows.push_back(line);
      continue;
    }
    flush();
    std::string t = Trim(line);
    if (t.empty() || t == "\f") continue;
    FileBlock b;
    b.text = t;
    doc->blocks.push_back(std::move(b));
  }
  flush();
}

// catdoc prints table rows with tab-separated cells (a merged cell's continuation as an empty cell
// or a missing one), and after the body the header and footer stories with their field codes.
void ParseCatdoc(const std::string& out, const std::string& body_end, FileDocument* doc) {
  std::string body = out;
  if (!body_end.empty()) {
    std::size_t at = body.rfind(body_end);
    if (at != std::string::npos) body = body.substr(0, at + body_end.size());
  }
  std::vector<std::string> rows;
  auto flush = [&] {
    if (rows.empty()) return;
    FileBlock b;
    b.kind = FileBlock::Kind::kTable;
    std::size_t width = 0;
    for (const std::string& r : rows) {
      std::vector<std::string> cells;
      std::size_t start = 0;
      for (;;) {
        std::size_t tab = r.find('\t', start);
        cells.push_back(Trim(r.substr(start, tab == std::string::npos ? std::string::npos : tab - start)));
        if (tab == std::string::npos) break;
        start = tab + 1;
      }
      std::string line;
      for (const std::string& c : cells)
        if (!c.empty()) line += (line.empty() ? "" : " | ") + c;
      b.row_texts.push_back(line);
      width = std::max(width, cells.size());
      b.table.push_back(std::move(cells));
    }
    for (auto& row : b.table) row.resize(width);
    doc->blocks.push_back(std::move(b));
    rows.clear();
  };
  std::size_t start = 0;
  while (start < body.size()) {
    std::size_t nl = body.find('\n', start);
    std::string line = body.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    start = nl == std::string::npos ? body.size() : nl + 1;
    if (line.find('\t') != std::string::npos) {
      rows.push_back(line);
      continue;
    }
    std::string t = Trim(line);
    if (t.empty()) continue;  // catdoc puts blank lines inside tables too
    flush();
    if (t.find(" PAGE ") != std::string::npos || t.find("NUMPAGES") != std::string::npos) continue;
    FileBlock b;
    b.text = t;
    doc->blocks.push_back(std::move(b));
  }
  flush();
}

int CjkChars(const std::string& s) {
  return text::Count(s).cjk;
}

// CJK characters in a reading (paragraphs and table rows), to compare the helpers' readings.
int CjkChars(const FileDocument& doc) {
  int n = 0;
  for (const FileBlock& b : doc.blocks) {
    n += CjkChars(b.text);
    for (const std::string& r : b.row_texts) n += CjkChars(r);
  }
  return n;
}

// antiword, else catdoc: the fallback reading (see the top of this file).
HelperResult ReadWithAntiword(const std::string& path, const HelperLimits& limits, FileDocument* doc) {
  HelperResult r = RunHelper({"antiword", "-m", "UTF-8.txt", "-w", "0", path}, limits);
  HelperResult c;
  if (r.status != HelperResult::Status::kTimeout && r.status != HelperResult::Status::kOutputTooLarge)
    c = RunHelper({"catdoc", "-d", "utf-8", "-w", path}, limits);
  // antiword drops the text of some tables with merged cells (and what follows them inside the same
  // table run); catdoc keeps it. Take catdoc's reading when it holds clearly more text.
  if (c.status == HelperResult::Status::kOk &&
      (r.status != HelperResult::Status::kOk || CjkChars(c.output) > CjkChars(r.output) * 21 / 20)) {
    std::string end;
    if (r.status == HelperResult::Status::kOk) {
      // The body's last line as antiword read it: catdoc's header/footer stories come after it.
      std::string a = text::SanitizeUtf8(r.output);
      std::size_t e = a.find_last_not_of(" \n\r\f\t");
      if (e != std::string::npos) {
        std::size_t b = a.rfind('\n', e);
        end =
            Trim(a.substr(b == std::string::npos ? 0 : b + 1, e + 1 - (b == std::string::npos ? 0 : b + 1)));
      }
    }
    ParseCatdoc(text::SanitizeUtf8(c.output), end, doc);
    r.status = HelperResult::Status::kOk;
  } else if (r.status == HelperResult::Status::kOk) {
    ParseText(text::SanitizeUtf8(r.output), doc);
  } else if (r.status == HelperResult::Status::kNotFound || r.status == HelperResult::Status::kFailed) {
    if (c.status != HelperResult::Status::kNotFound) r = std::move(c);
  }
  return r;
}

// wvWare's reading must hold at least this share of the fallback's CJK text to be taken (it prints
// no header/footer text, so a little less is normal; a misread WPS file has far less).
constexpr int kWvMinSharePercent = 80;

}  // namespace

bool ReadDoc(std::string_view bytes, const Options& options, FileDocument* doc, ReadError* error) {
  TempDir tmp(bytes);
  if (tmp.path().empty()) {
    *error = {FileError::kDamaged, "cannot write a temporary copy for the helper"};
    return false;
  }
  HelperLimits limits;
  limits.cpu_seconds = options.helper_cpu_seconds;
  limits.memory_mb = options.helper_memory_mb;
  limits.max_output_bytes = options.max_unzipped_bytes;
  // wvWare prints HTML; -d keeps the images it extracts inside the temporary directory. Its HTML is
  // parsed by Gumbo, so it is held to the HTML input cap; a document whose HTML is larger (markup
  // runs to ~100 bytes a table cell) is read by the fallback instead.
  HelperLimits wv_limits = limits;
  wv_limits.max_output_bytes = std::min(limits.max_output_bytes, options.max_input_bytes);
  HelperResult w = RunHelper({"wvWare", "--charset=UTF-8", "-d", tmp.dir(), tmp.path()}, wv_limits);
  FileDocument wv;
  bool wv_read = w.status == HelperResult::Status::kOk && ReadWvHtml(text::SanitizeUtf8(w.output), &wv);
  if (w.status == HelperResult::Status::kTimeout) {
    *error = {FileError::kTimeout, w.detail};
    return false;
  }
  FileDocument fallback;
  HelperResult r = ReadWithAntiword(tmp.path(), limits, &fallback);
  if (wv_read && (r.status != HelperResult::Status::kOk ||
                  CjkChars(wv) * 100 >= CjkChars(fallback) * kWvMinSharePercent)) {
    *doc = std::move(wv);
    r.status = HelperResult::Status::kOk;
  } else {
    *doc = std::move(fallback);
  }
  switch (r.status) {
    case HelperResult::Status::kOk:
      break;
    case HelperResult::Status::kNotFound:
      *error = {FileError::kUnsupported,
                "no helper for DOC/WPS: " + r.detail + " (apt-get install wv antiword catdoc)"};
      return false;
    case HelperResult::Status::kTimeout:
      *error = {FileError::kTimeout, r.detail};
      return false;
    case HelperResult::Status::kOutputTooLarge:
      *error = {FileError::kTooLarge, r.detail};
      return false;
    case HelperResult::Status::kFailed:
      *error = {FileError::kDamaged, "wvWare, antiword and catdoc cannot read it: " + r.detail};
      return false;
  }
  // Headings beyond the styles (WPS files often set every paragraph in 正文/Normal; antiword prints
  // no styles): a short line opening with outline numbering is one.
  for (FileBlock& b : doc->blocks) {
    if (b.kind != FileBlock::Kind::kParagraph) continue;
    // The helpers print a heading's list label before it ("1 ㈠加强领导"): drop the label.
    std::size_t digits = 0;
    while (digits < b.text.size() && b.text[digits] >= '0' && b.text[digits] <= '9') ++digits;
    if (digits > 0 && digits < b.text.size() && b.text[digits] == ' ' &&
        OutlineLevel(b.text.substr(digits + 1)) > 0)
      b.text = b.text.substr(digits + 1);
    text::Counts c = text::Count(b.text);
    if (c.chars > 30 || c.ends_sentence) continue;
    int level = OutlineLevel(b.text);
    if (level > 0) {
      b.kind = FileBlock::Kind::kHeading;
      b.level = level;
    }
  }
  return true;
}

}  // namespace gongkai::extract
