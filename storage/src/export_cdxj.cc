// CDXJ indexes of exported WARC files (the form pywb and ReplayWeb.page read): SURT key, 14-digit
// timestamp, JSON block; sorted bytewise so a reader can binary-search it. The sort is external
// (CdxjIndex: sorted runs spilled to unnamed files, then merged), so memory stays flat.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <queue>
#include <string_view>

#include "base/url.h"
#include "storage/export.h"

namespace gongkai::storage {
namespace {

std::string Lower(std::string text) {
  for (char& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return text;
}

bool IsIpAddress(const std::string& host) {
  if (!host.empty() && host.front() == '[') return true;  // IPv6 literal
  return !host.empty() && std::all_of(host.begin(), host.end(), [](char ch) {
    return std::isdigit(static_cast<unsigned char>(ch)) || ch == '.';
  });
}

std::string SortedQuery(const std::string& query) {
  std::vector<std::string> params;
  for (const QueryParam& param : SplitQuery(query)) params.emplace_back(param.pair);
  std::sort(params.begin(), params.end());
  std::string out;
  for (size_t i = 0; i < params.size(); ++i) out += (i ? "&" : "") + params[i];
  return out;
}

// 20260105103000 from milliseconds.
std::string Timestamp14(int64_t ms) {
  std::string iso = FormatIsoTime(ms);  // 2026-01-05T10:30:00Z
  std::string digits;
  for (char ch : iso) {
    if (std::isdigit(static_cast<unsigned char>(ch))) digits += ch;
  }
  return digits.substr(0, 14);
}

}  // namespace

std::string SurtKey(const std::string& url) {
  std::string rest = url;
  size_t scheme = rest.find("://");
  if (scheme != std::string::npos) rest = rest.substr(scheme + 3);
  rest = rest.substr(0, rest.find('#'));
  size_t path_start = rest.find_first_of("/?");
  std::string authority = Lower(rest.substr(0, path_start));
  std::string path = path_start == std::string::npos ? "/" : rest.substr(path_start);
  if (path[0] == '?') path = "/" + path;
  authority = authority.substr(authority.find('@') == std::string::npos ? 0 : authority.find('@') + 1);
  std::string host = authority, port;
  size_t colon = authority.rfind(':');
  if (colon != std::string::npos && authority.find(']', colon) == std::string::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (port == "80" || port == "443") port.clear();
  std::string key;
  if (IsIpAddress(host)) {
    key = host;
  } else {
    if (host.rfind("www.", 0) == 0) host = host.substr(4);
    std::vector<std::string> labels;
    size_t start = 0;
    while (start <= host.size()) {
      size_t dot = host.find('.', start);
      if (dot == std::string::npos) dot = host.size();
      labels.push_back(host.substr(start, dot - start));
      start = dot + 1;
    }
    for (size_t i = labels.size(); i-- > 0;) key += labels[i] + (i ? "," : "");
  }
  if (!port.empty()) key += ":" + port;
  size_t question = path.find('?');
  if (question != std::string::npos)
    path = path.substr(0, question + 1) + SortedQuery(path.substr(question + 1));
  return key + ")" + Lower(path);
}

std::string CdxjLine(const CdxjEntry& e) {
  nlohmann::json block = {{"url", e.url},
                          {"mime", e.revisit ? std::string("warc/revisit") : e.mime},
                          {"status", std::to_string(e.status)},
                          {"digest", e.digest},
                          {"length", std::to_string(e.length)},
                          {"offset", std::to_string(e.offset)},
                          {"filename", e.filename}};
  return SurtKey(e.url) + " " + Timestamp14(e.date_ms) + " " +
         block.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// One sorted run in an unnamed temporary file: written once, then read back line by line. A line
// never holds '\n' (the URL is header-safe, the JSON escapes control bytes).
class CdxjIndex::Run {
 public:
  explicit Run(std::FILE* file) : file_(file) { std::setvbuf(file_, nullptr, _IOFBF, kRunBufferBytes); }
  ~Run() {
    std::fclose(file_);
    std::free(line_);
  }
  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;

  bool Append(std::string_view line) {
    return std::fwrite(line.data(), 1, line.size(), file_) == line.size() && std::fputc('\n', file_) != EOF;
  }
  // Ends writing; Next() then reads from the start.
  bool Rewind() { return std::fflush(file_) == 0 && std::fseek(file_, 0, SEEK_SET) == 0; }
  // The next line into current() (without its newline); false at the end or on a read error.
  bool Next() {
    ssize_t n = getline(&line_, &capacity_, file_);
    if (n <= 0) return false;
    current_ = std::string_view(line_, static_cast<size_t>(n) - (line_[n - 1] == '\n' ? 1 : 0));
    return true;
  }
  bool failed() const { return std::ferror(file_) != 0; }
  std::string_view current() const { return current_; }

 private:
  // Per run: 64 runs merged at once read through 4 MiB of buffers in all.
  static constexpr size_t kRunBufferBytes = 64 << 10;
  std::FILE* file_;
  char* line_ = nullptr;
  size_t capacity_ = 0;
  std::string_view current_;
};

// Equal lines come out in any order: they are the same bytes.
bool CdxjIndex::MergeRuns(const std::vector<Run*>& runs, const std::function<bool(std::string_view)>& emit) {
  auto after = [&runs](size_t a, size_t b) { return runs[a]->current() > runs[b]->current(); };
  std::priority_queue<size_t, std::vector<size_t>, decltype(after)> heap(after);
  for (size_t i = 0; i < runs.size(); ++i) {
    if (!runs[i]->Rewind()) return false;
    if (runs[i]->Next())
      heap.push(i);
    else if (runs[i]->failed())
      return false;
  }
  while (!heap.empty()) {
    size_t i = heap.top();
    heap.pop();
    if (!emit(runs[i]->current())) return false;
    if (runs[i]->Next())
      heap.push(i);
    else if (runs[i]->failed())
      return false;
  }
  return true;
}

namespace {

// An unnamed file in `dir` for a run: O_TMPFILE where the file system has it, else a named file
// unlinked at once. Null (errno set) when neither works.
std::FILE* OpenUnnamedFile(const std::string& dir) {
  int fd = open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) {
    std::string name = dir + "/.gongkai-cdxj-XXXXXX";
    fd = mkostemp(name.data(), O_CLOEXEC);
    if (fd >= 0) unlink(name.c_str());
  }
  if (fd < 0) return nullptr;
  std::FILE* file = fdopen(fd, "w+b");
  if (file == nullptr) close(fd);
  return file;
}

}  // namespace

CdxjIndex::CdxjIndex(std::string temp_dir, size_t run_bytes)
    : temp_dir_(temp_dir.empty() ? "." : std::move(temp_dir)), run_bytes_(run_bytes) {}

CdxjIndex::~CdxjIndex() = default;

// What a line held in a run costs on the heap beyond its characters: the std::string in the
// vector (and the vector's spare capacity, up to as much again) and malloc's chunk header. Counted,
// a run of run_bytes takes about run_bytes of memory (measured: counting characters only, an 8 MiB
// run took 11 MB).
constexpr size_t kLineOverheadBytes = 2 * sizeof(std::string) + 16;

Status CdxjIndex::Add(const CdxjEntry& entry) {
  pending_.push_back(CdxjLine(entry));
  pending_bytes_ += pending_.back().capacity() + kLineOverheadBytes;
  ++lines_;
  return pending_bytes_ >= run_bytes_ ? Spill() : Status::OK();
}

Status CdxjIndex::NewRun(std::unique_ptr<Run>* run) {
  std::FILE* file = OpenUnnamedFile(temp_dir_);
  if (file == nullptr) {
    return Status::IOError("cannot create a temporary file in " + temp_dir_ +
                           " for the CDXJ index: " + std::strerror(errno));
  }
  *run = std::make_unique<Run>(file);
  return Status::OK();
}

Status CdxjIndex::Spill() {
  if (pending_.empty()) return Status::OK();
  std::sort(pending_.begin(), pending_.end());
  std::unique_ptr<Run> run;
  Status status = NewRun(&run);
  if (!status.ok()) return status;
  for (const std::string& line : pending_) {
    if (!run->Append(line))
      return Status::IOError("writing the CDXJ index's run in " + temp_dir_ + " failed (disk full?)");
  }
  if (!run->Rewind())
    return Status::IOError("writing the CDXJ index's run in " + temp_dir_ + " failed (disk full?)");
  std::vector<std::string>().swap(pending_);  // give the memory back, not just the size
  pending_bytes_ = 0;
  ++runs_spilled_;
  // Carry: kMaxMergeWays runs of one level become one run of the next.
  for (size_t level = 0;; ++level) {
    if (levels_.size() <= level) levels_.emplace_back();
    levels_[level].push_back(std::move(run));
    if (levels_[level].size() < static_cast<size_t>(kMaxMergeWays)) return Status::OK();
    status = MergeToRun(std::move(levels_[level]), &run);
    levels_[level].clear();
    if (!status.ok()) return status;
  }
}

Status CdxjIndex::MergeToRun(Runs runs, std::unique_ptr<Run>* merged) {
  Status status = NewRun(merged);
  if (!status.ok()) return status;
  std::vector<Run*> inputs;
  for (auto& run : runs) inputs.push_back(run.get());
  Run* out = merged->get();
  if (!MergeRuns(inputs, [out](std::string_view line) { return out->Append(line); }) || !out->Rewind()) {
    return Status::IOError("merging the CDXJ index's runs in " + temp_dir_ + " failed (disk full?)");
  }
  ++runs_merged_;
  return Status::OK();
}

Status CdxjIndex::Write(std::ostream& out) {
  auto written = [&out] {
    out.flush();
    return out.good() ? Status::OK() : Status::IOError("writing the CDXJ index failed (disk full?)");
  };
  if (levels_.empty()) {  // everything fits in one run: no file at all
    std::sort(pending_.begin(), pending_.end());
    for (const std::string& line : pending_) out << line << '\n';
    return written();
  }
  Status status = Spill();
  if (!status.ok()) return status;
  Runs all;  // smallest first; the level structure keeps fewer than kMaxMergeWays per level
  for (Runs& level : levels_) {
    for (auto& run : level) all.push_back(std::move(run));
  }
  levels_.clear();
  while (all.size() > static_cast<size_t>(kMaxMergeWays)) {
    Runs group;
    for (int i = 0; i < kMaxMergeWays; ++i) group.push_back(std::move(all[i]));
    all.erase(all.begin(), all.begin() + kMaxMergeWays);
    std::unique_ptr<Run> merged;
    status = MergeToRun(std::move(group), &merged);
    if (!status.ok()) return status;
    all.push_back(std::move(merged));
  }
  std::vector<Run*> inputs;
  for (auto& run : all) inputs.push_back(run.get());
  bool ok = MergeRuns(inputs, [&out](std::string_view line) {
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
    out.put('\n');
    return out.good();
  });
  if (!ok && out.good()) return Status::IOError("reading the CDXJ index's runs in " + temp_dir_ + " failed");
  return written();
}

}  // namespace gongkai::storage
