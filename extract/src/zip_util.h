// Reading entries of a zip held in memory (DOCX, OFD) with a cap on what one entry may unpack to,
// so that a zip bomb is refused instead of filling memory. libzip underneath.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "file_readers.h"

namespace gongkai::extract {

class ZipReader {
 public:
  ZipReader();
  ~ZipReader();
  ZipReader(const ZipReader&) = delete;
  ZipReader& operator=(const ZipReader&) = delete;

  // `bytes` must outlive the reader. False and *error (kDamaged) when it is not a readable zip.
  bool Open(std::string_view bytes, ReadError* error);
  bool Has(const std::string& name) const;
  // Reads one entry whole. False and *error: kTooLarge past `max_bytes` unpacked (reading stops
  // there), kDamaged when missing or corrupt.
  bool Read(const std::string& name, std::size_t max_bytes, std::string* out, ReadError* error) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Resolves a path inside a package against the directory of `base` ("Doc_0/Document.xml" +
// "Pages/Page_0/Content.xml" -> "Doc_0/Pages/Page_0/Content.xml"); a leading '/' is absolute.
std::string ZipJoin(const std::string& base, const std::string& path);

}  // namespace gongkai::extract
