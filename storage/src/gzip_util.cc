#include "gzip_util.h"

#include <zlib.h>

namespace gongkai::storage {
namespace {

constexpr int kGzipWindowBits = 15 + 16;  // zlib: 15-bit window, gzip wrapper
constexpr size_t kChunk = 64 * 1024;

}  // namespace

std::string GzipMember(std::string_view data) {
  z_stream z{};
  deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

Status GunzipAll(std::string_view data, const std::string& what, std::string* out) {
  out->clear();
  if (data.size() < 2 || static_cast<unsigned char>(data[0]) != 0x1f ||
      static_cast<unsigned char>(data[1]) != 0x8b) {
    out->assign(data);
    return Status::OK();
  }
  size_t offset = 0;
  std::string chunk(kChunk, '\0');
  while (offset < data.size()) {
    z_stream z{};
    if (inflateInit2(&z, kGzipWindowBits) != Z_OK) return Status::IOError("zlib init failed");
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + offset));
    z.avail_in = static_cast<uInt>(data.size() - offset);
    int rc = Z_OK;
    while (rc == Z_OK) {
      z.next_out = reinterpret_cast<Bytef*>(chunk.data());
      z.avail_out = static_cast<uInt>(chunk.size());
      rc = inflate(&z, Z_NO_FLUSH);
      out->append(chunk.data(), chunk.size() - z.avail_out);
      if (rc == Z_BUF_ERROR && z.avail_in == 0) break;
    }
    size_t used = data.size() - offset - z.avail_in;
    inflateEnd(&z);
    if (rc != Z_STREAM_END) {
      return Status::Corruption(what + ": damaged gzip data at byte " + std::to_string(offset + used));
    }
    offset += used;
  }
  return Status::OK();
}

}  // namespace gongkai::storage
