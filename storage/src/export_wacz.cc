// WACZ 1.1.1 export (https://specs.webrecorder.net/wacz/1.1.1/): the WARC files, their CDXJ index
// and the reports' pages in one ZIP that ReplayWeb.page opens without a server. The parts are
// written to files in a work directory first and the ZIP streams them from there (libzip), so memory
// stays flat however large the archive.
#include <openssl/evp.h>
#include <zip.h>

#include <memory>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "storage/digest.h"
#include "storage/export.h"

namespace gongkai::storage {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr size_t kHashChunk = 1 << 20;

// WARC files of the WACZ, archive/data-NNNNN.warc.gz in the work directory.
class WorkDirSink : public WarcFileSink {
 public:
  explicit WorkDirSink(const fs::path& dir) : dir_(dir) {}
  Status Open(int index, std::ostream** out, std::string* filename) override {
    char name[32];
    std::snprintf(name, sizeof(name), "data-%05d.warc.gz", index);
    *filename = name;
    files_.push_back(std::string("archive/") + name);
    file_.open(dir_ / files_.back(), std::ios::binary | std::ios::trunc);
    if (!file_) return Status::IOError("cannot write " + (dir_ / files_.back()).string());
    *out = &file_;
    return Status::OK();
  }
  Status Close() override {
    file_.close();
    return file_.fail() ? Status::IOError("writing " + files_.back() + " failed (disk full?)") : Status::OK();
  }
  const std::vector<std::string>& files() const { return files_; }

 private:
  fs::path dir_;
  std::ofstream file_;
  std::vector<std::string> files_;
};

Status Sha256OfFile(const fs::path& path, std::string* hex, int64_t* size) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot read " + path.string());
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
    return Status::IOError("sha256 unavailable");
  std::string chunk(kHashChunk, '\0');
  *size = 0;
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    EVP_DigestUpdate(ctx.get(), chunk.data(), static_cast<size_t>(in.gcount()));
    *size += in.gcount();
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &length);
  static const char kHex[] = "0123456789abcdef";
  hex->clear();
  for (unsigned int i = 0; i < length; ++i) {
    *hex += kHex[digest[i] >> 4];
    *hex += kHex[digest[i] & 15];
  }
  return Status::OK();
}

Status WritePages(Archive& archive, const ExportOptions& options, const fs::path& path,
                  ExportResult* result) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << json{{"format", "json-pages-1.0"}, {"id", "pages"}, {"title", "Reports"}, {"hasText", true}}.dump()
      << '\n';
  Status status = archive.ForEachReport(options.filter, [&](const Report& r) {
    const Capture& c = r.capture;
    json page = {{"id", std::to_string(c.id)},
                 {"url", c.final_url.empty() ? c.url : c.final_url},
                 {"ts", FormatIsoTime(c.started_at_ms, true)},
                 {"title", r.extraction.title},
                 {"text", r.extraction.text}};
    out << page.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
    ReportDone(options, result);
    return out.good();
  });
  out.close();
  if (!status.ok()) return status;
  return out.fail() ? Status::IOError("writing " + path.string() + " failed (disk full?)") : Status::OK();
}

Status Zip(const fs::path& dir, const std::vector<std::string>& entries, const std::string& path) {
  int error = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (zip == nullptr) return Status::IOError("cannot create " + path);
  for (const std::string& entry : entries) {
    zip_source_t* source = zip_source_file(zip, (dir / entry).c_str(), 0, -1);
    zip_int64_t index = source == nullptr ? -1 : zip_file_add(zip, entry.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      if (source != nullptr) zip_source_free(source);
      zip_discard(zip);
      return Status::IOError("cannot add " + entry + " to " + path);
    }
    // WARC files are gzip already, and a replay reads them at offsets: stored, never deflated.
    bool stored = entry.rfind("archive/", 0) == 0;
    zip_set_file_compression(zip, static_cast<zip_uint64_t>(index), stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                             0);
  }
  if (zip_close(zip) != 0) {
    std::string message = zip_strerror(zip);
    zip_discard(zip);
    return Status::IOError("cannot write " + path + ": " + message);
  }
  return Status::OK();
}

}  // namespace

Status ExportWacz(Archive& archive, const ExportOptions& options, const std::string& work_dir,
                  const std::string& path, ExportResult* result) {
  const fs::path dir(work_dir);
  std::error_code ec;
  for (const char* sub : {"archive", "indexes", "pages"}) fs::create_directories(dir / sub, ec);
  if (ec) return Status::IOError("cannot create " + work_dir + ": " + ec.message());
  WorkDirSink sink(dir);
  CdxjIndex index(work_dir);
  Status status = ExportWarcFiles(archive, options, sink, &index, result);
  if (!status.ok()) return status;
  {
    std::ofstream cdxj(dir / "indexes/index.cdxj", std::ios::binary | std::ios::trunc);
    status = index.Write(cdxj);
  }
  if (status.ok()) status = WritePages(archive, options, dir / "pages/pages.jsonl", result);
  if (!status.ok()) return status;
  std::vector<std::string> entries = sink.files();
  entries.push_back("indexes/index.cdxj");
  entries.push_back("pages/pages.jsonl");
  json resources = json::array();
  for (const std::string& entry : entries) {
    std::string hex;
    int64_t size = 0;
    status = Sha256OfFile(dir / entry, &hex, &size);
    if (!status.ok()) return status;
    resources.push_back({{"name", fs::path(entry).filename().string()},
                         {"path", entry},
                         {"hash", "sha256:" + hex},
                         {"bytes", size}});
  }
  json package = {{"profile", "data-package"},
                  {"wacz_version", "1.1.1"},
                  {"title", "gongkai archive export"},
                  {"created", FormatIsoTime(options.now_ms)},
                  {"software", options.software + " " + options.software_version},
                  {"resources", resources}};
  std::string package_text = package.dump(2, ' ', false, json::error_handler_t::replace);
  json digest = {{"path", "datapackage.json"}, {"hash", "sha256:" + Sha256Hex(package_text)}};
  std::ofstream(dir / "datapackage.json", std::ios::binary | std::ios::trunc) << package_text;
  std::ofstream(dir / "datapackage-digest.json", std::ios::binary | std::ios::trunc)
      << digest.dump(2, ' ', false, json::error_handler_t::replace);
  entries.push_back("datapackage.json");
  entries.push_back("datapackage-digest.json");
  return Zip(dir, entries, path);
}

}  // namespace gongkai::storage
