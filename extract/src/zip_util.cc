// ZipReader over libzip's in-memory source (zip_util.h).
#include "zip_util.h"

#include <zip.h>

#include <vector>

namespace gongkai::extract {

struct ZipReader::Impl {
  zip_t* zip = nullptr;
};

ZipReader::ZipReader() : impl_(std::make_unique<Impl>()) {}

ZipReader::~ZipReader() {
  if (impl_->zip != nullptr) zip_discard(impl_->zip);
}

bool ZipReader::Open(std::string_view bytes, ReadError* error) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  if (src == nullptr) {
    *error = {FileError::kDamaged, std::string("zip: ") + zip_error_strerror(&err)};
    zip_error_fini(&err);
    return false;
  }
  impl_->zip = zip_open_from_source(src, ZIP_RDONLY, &err);
  if (impl_->zip == nullptr) {
    *error = {FileError::kDamaged, std::string("not a readable zip: ") + zip_error_strerror(&err)};
    zip_source_free(src);
    zip_error_fini(&err);
    return false;
  }
  zip_error_fini(&err);
  return true;
}

bool ZipReader::Has(const std::string& name) const {
  return impl_->zip != nullptr && zip_name_locate(impl_->zip, name.c_str(), ZIP_FL_NOCASE) >= 0;
}

bool ZipReader::Read(const std::string& name, std::size_t max_bytes, std::string* out,
                     ReadError* error) const {
  out->clear();
  zip_int64_t index = impl_->zip == nullptr ? -1 : zip_name_locate(impl_->zip, name.c_str(), ZIP_FL_NOCASE);
  if (index < 0) {
    *error = {FileError::kDamaged, "no " + name + " in the package"};
    return false;
  }
  zip_file_t* f = zip_fopen_index(impl_->zip, static_cast<zip_uint64_t>(index), 0);
  if (f == nullptr) {
    *error = {FileError::kDamaged, name + ": " + zip_strerror(impl_->zip)};
    return false;
  }
  char buf[65536];
  bool ok = true;
  for (;;) {
    zip_int64_t n = zip_fread(f, buf, sizeof buf);
    if (n < 0) {
      *error = {FileError::kDamaged, name + ": " + zip_file_strerror(f)};
      ok = false;
      break;
    }
    if (n == 0) break;
    if (out->size() + static_cast<std::size_t>(n) > max_bytes) {
      *error = {FileError::kTooLarge, name + " unpacks to more than extract.max_unzipped_bytes (" +
                                          std::to_string(max_bytes) + "): a zip bomb, or not a report"};
      ok = false;
      break;
    }
    out->append(buf, static_cast<std::size_t>(n));
  }
  zip_fclose(f);
  if (!ok) out->clear();
  return ok;
}

std::string ZipJoin(const std::string& base, const std::string& path) {
  if (!path.empty() && path[0] == '/') return path.substr(1);
  std::size_t slash = base.rfind('/');
  std::string dir = slash == std::string::npos ? "" : base.substr(0, slash + 1);
  std::string joined = dir + path;
  // Fold "./" and "dir/../".
  std::string out;
  std::size_t start = 0;
  std::vector<std::string> parts;
  while (start <= joined.size()) {
    std::size_t s = joined.find('/', start);
    std::string part = joined.substr(start, s == std::string::npos ? std::string::npos : s - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    if (s == std::string::npos) break;
    start = s + 1;
  }
  for (const std::string& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

}  // namespace gongkai::extract
