// WARC, CDXJ and WACZ exports to files (see export_warc.h).
#include "adapters/export_warc.h"

#include <filesystem>
#include <memory>

#include "adapters/output_file.h"

namespace gongkai::app {
namespace {

namespace fs = std::filesystem;

// "dir/name.warc.gz" -> {"dir/name", ".warc.gz"}; "dir/x.cdxj" -> {"dir/x", ".cdxj"}.
std::pair<std::string, std::string> SplitExtension(const std::string& path) {
  std::string name = fs::path(path).filename().string();
  size_t dot = name.find('.', 1);
  if (dot == std::string::npos) return {path, ""};
  size_t cut = path.size() - (name.size() - dot);
  return {path.substr(0, cut), path.substr(cut)};
}

// Rotated WARC files, each through an OutputFile; all are renamed into place by CommitAll().
class RotatingFiles : public storage::WarcFileSink {
 public:
  // File 0 is `first`; file N is <stem>-NNNNN<ext>.
  explicit RotatingFiles(std::string first) : first_(std::move(first)) {}

  storage::Status Open(int index, std::ostream** out, std::string* filename) override {
    std::string path = first_;
    if (index > 0) {
      auto [stem, ext] = SplitExtension(first_);
      char number[16];
      std::snprintf(number, sizeof(number), "-%05d", index);
      path = stem + number + ext;
    }
    files_.push_back(std::make_unique<OutputFile>());
    storage::Status status = files_.back()->Open(path);
    if (!status.ok()) return status;
    *out = &files_.back()->stream();
    *filename = fs::path(path).filename().string();
    return storage::Status::OK();
  }
  storage::Status Close() override { return files_.back()->Close(); }

  storage::Status CommitAll(std::vector<std::string>* written) {
    for (auto& file : files_) {
      storage::Status status = file->Commit();
      if (!status.ok()) return status;
      written->push_back(file->path());
    }
    return storage::Status::OK();
  }

 private:
  std::string first_;
  std::vector<std::unique_ptr<OutputFile>> files_;
};

storage::Status ExportCdxj(storage::Archive& archive, const storage::ExportOptions& options,
                           const std::string& out, storage::ExportResult* result,
                           std::vector<std::string>* written) {
  std::string warc = SplitExtension(out).first + (options.gzip ? ".warc.gz" : ".warc");
  RotatingFiles files(warc);
  OutputFile index;
  storage::Status status = index.Open(out);
  // The index's sorted runs spill beside it (unnamed files: nothing is left behind).
  std::string dir = fs::path(out).parent_path().string();
  storage::CdxjIndex entries(dir.empty() ? "." : dir);
  if (status.ok()) status = storage::ExportWarcFiles(archive, options, files, &entries, result);
  if (status.ok()) status = entries.Write(index.stream());
  if (status.ok()) status = files.CommitAll(written);
  if (status.ok()) status = index.Commit();
  if (status.ok()) written->push_back(out);
  return status;
}

storage::Status ExportWacz(storage::Archive& archive, const storage::ExportOptions& options,
                           const std::string& out, storage::ExportResult* result,
                           std::vector<std::string>* written) {
  storage::Status status = CheckOutputPath(out);
  WorkDir work;
  if (status.ok()) status = work.Create(out);
  if (!status.ok()) return status;
  storage::ExportOptions wacz = options;
  wacz.gzip = true;  // WACZ holds .warc.gz files
  std::string zip_path = work.path() + "/out.wacz";
  status = storage::ExportWacz(archive, wacz, work.path() + "/parts", zip_path, result);
  if (status.ok()) status = CheckOutputPath(out);  // again: it may have changed while we wrote
  if (status.ok() && std::rename(zip_path.c_str(), out.c_str()) != 0) {
    status = storage::Status::IOError("cannot create " + out);
  }
  if (status.ok()) written->push_back(out);
  return status;
}

}  // namespace

storage::Status RunWarcExport(storage::Archive& archive, const storage::ExportOptions& options,
                              const WarcExportRequest& request, std::ostream& stdout_stream,
                              storage::ExportResult* result, std::vector<std::string>* written) {
  bool to_stdout = request.out.empty() || request.out == "-";
  if (to_stdout && request.format != "warc") {
    return storage::Status::InvalidArgument("--format " + request.format +
                                            " writes several files: give --out");
  }
  if (request.format == "cdxj") return ExportCdxj(archive, options, request.out, result, written);
  if (request.format == "wacz") return ExportWacz(archive, options, request.out, result, written);
  if (to_stdout) return storage::ExportWarc(archive, options, stdout_stream, result);
  RotatingFiles files(request.out);
  storage::Status status = storage::ExportWarcFiles(archive, options, files, nullptr, result);
  if (status.ok()) status = files.CommitAll(written);
  return status;
}

}  // namespace gongkai::app
