#include "warc_reader.h"

#include <brotli/decode.h>
#include <zstd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>

#include "archive_impl.h"

namespace gongkai::storage {
namespace {

constexpr size_t kReadChunk = 64 * 1024;
constexpr int kGzipWindowBits = 15 + 16;
const char kGzipMagic[] = "\x1f\x8b\x08";

bool IsGzipAt(const std::string& data, size_t pos) {
  return data.size() >= pos + 3 && data.compare(pos, 3, kGzipMagic, 3) == 0;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

std::string Trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return "";
  size_t end = text.find_last_not_of(" \t\r");
  return std::string(text.substr(begin, end - begin + 1));
}

// A decimal length: digits only, no sign, no overflow. False otherwise.
bool ParseLength(std::string_view text, uint64_t* value) {
  if (text.empty() || text.size() > 18) return false;  // 18 digits < 2^63: no overflow below
  uint64_t v = 0;
  for (char ch : text) {
    if (ch < '0' || ch > '9') return false;
    v = v * 10 + static_cast<uint64_t>(ch - '0');
  }
  *value = v;
  return true;
}

// Appends `data` to *out without passing max_bytes; false when it had to cut.
bool AppendCapped(const char* data, size_t n, int64_t max_bytes, std::string* out) {
  size_t room =
      out->size() >= static_cast<size_t>(max_bytes) ? 0 : static_cast<size_t>(max_bytes) - out->size();
  out->append(data, std::min(n, room));
  return n <= room;
}

}  // namespace

// ---- WarcByteStream ----

WarcByteStream::WarcByteStream(std::istream& in) : in_(in) {}

WarcByteStream::~WarcByteStream() {
  if (z_ready_) inflateEnd(&z_);
}

bool WarcByteStream::FillRaw() {
  if (eof_) return false;
  if (raw_pos_ > 0) {
    raw_.erase(0, raw_pos_);
    raw_pos_ = 0;
  }
  size_t old = raw_.size();
  raw_.resize(old + kReadChunk);
  in_.read(raw_.data() + old, static_cast<std::streamsize>(kReadChunk));
  size_t got = static_cast<size_t>(in_.gcount());
  raw_.resize(old + got);
  if (got == 0) eof_ = true;
  return got > 0;
}

void WarcByteStream::SkipToNextMember() {
  in_member_ = false;
  for (;;) {
    size_t found = raw_.find(kGzipMagic, raw_pos_, 3);
    if (found != std::string::npos) {
      raw_offset_ += static_cast<int64_t>(found - raw_pos_);
      raw_pos_ = found;
      return;
    }
    // Keep the last two bytes: a header may straddle the chunk boundary.
    size_t keep = std::min<size_t>(2, raw_.size() - raw_pos_);
    raw_offset_ += static_cast<int64_t>(raw_.size() - raw_pos_ - keep);
    raw_pos_ = raw_.size() - keep;
    if (!FillRaw()) {
      raw_offset_ += static_cast<int64_t>(raw_.size() - raw_pos_);
      raw_pos_ = raw_.size();
      return;
    }
  }
}

size_t WarcByteStream::Read(char* buf, size_t n) {
  if (!break_.empty()) return 0;
  if (!started_) {
    started_ = true;
    while (raw_.size() - raw_pos_ < 3 && FillRaw()) {
    }
    gzip_ = IsGzipAt(raw_, raw_pos_);
    if (gzip_) z_ready_ = inflateInit2(&z_, kGzipWindowBits) == Z_OK;
  }
  if (!gzip_) {
    if (raw_pos_ == raw_.size() && !FillRaw()) return 0;
    size_t take = std::min(n, raw_.size() - raw_pos_);
    std::copy_n(raw_.data() + raw_pos_, take, buf);
    raw_pos_ += take;
    raw_offset_ += static_cast<int64_t>(take);
    return take;
  }
  size_t produced = 0;
  while (produced == 0) {
    if (raw_pos_ == raw_.size() && !FillRaw()) {
      if (in_member_)
        break_ =
            "the gzip data ends inside a member at byte " + std::to_string(raw_offset_) + " (truncated file)";
      in_member_ = false;
      return 0;
    }
    if (!in_member_) {
      while (raw_.size() - raw_pos_ < 3 && FillRaw()) {
      }
      if (!IsGzipAt(raw_, raw_pos_)) {
        if (raw_.size() - raw_pos_ < 3 && eof_) {  // a stray byte or two at the end
          break_ = "stray bytes after the last gzip member at byte " + std::to_string(raw_offset_);
        } else {
          break_ = "no gzip member at byte " + std::to_string(raw_offset_);
        }
        SkipToNextMember();
        return 0;
      }
      if (!z_ready_ || inflateReset(&z_) != Z_OK) {
        break_ = "zlib cannot start";
        return 0;
      }
      in_member_ = true;
    }
    size_t avail = raw_.size() - raw_pos_;
    z_.next_in = reinterpret_cast<Bytef*>(raw_.data() + raw_pos_);
    z_.avail_in = static_cast<uInt>(std::min<size_t>(avail, 1u << 30));
    z_.next_out = reinterpret_cast<Bytef*>(buf);
    z_.avail_out = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
    int rc = inflate(&z_, Z_NO_FLUSH);
    size_t used = std::min<size_t>(avail, 1u << 30) - z_.avail_in;
    raw_pos_ += used;
    raw_offset_ += static_cast<int64_t>(used);
    produced = std::min<size_t>(n, 1u << 30) - z_.avail_out;
    if (rc == Z_STREAM_END) {
      in_member_ = false;
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      break_ = "damaged gzip data at byte " + std::to_string(raw_offset_);
      SkipToNextMember();
      return produced;
    }
  }
  return produced;
}

Status WarcByteStream::TakeBreak() {
  if (break_.empty()) return Status::OK();
  Status damage = Status::Corruption(std::move(break_));
  break_.clear();
  return damage;
}

// ---- WarcRecord / WarcReader ----

std::string WarcRecord::Uri(std::string_view name) const {
  std::string value = Field(name);
  if (value.size() >= 2 && value.front() == '<' && value.back() == '>')
    value = value.substr(1, value.size() - 2);
  return value;
}

WarcReader::WarcReader(std::istream& in, int64_t max_block_bytes)
    : bytes_(in), max_block_bytes_(max_block_bytes < 0 ? 0 : max_block_bytes) {}

bool WarcReader::Fill() {
  if (broke_) return false;
  if (pos_ > 0 && (pos_ == buf_.size() || pos_ > (1u << 20))) {
    if (pos_ > 0) line_start_ = buf_[pos_ - 1] == '\n';
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  size_t old = buf_.size();
  buf_.resize(old + kReadChunk);
  size_t got = bytes_.Read(buf_.data() + old, kReadChunk);
  buf_.resize(old + got);
  if (got > 0) return true;
  if (Status damage = bytes_.TakeBreak(); !damage.ok()) {
    broke_ = true;
    break_what_ = damage.message();
  }
  return false;
}

size_t WarcReader::ReadInto(char* out, size_t n) {
  if (broke_) return 0;
  size_t got = bytes_.Read(out, n);
  if (got > 0) {
    line_start_ = out[got - 1] == '\n';  // buf_ is empty: the next Fill() starts after these bytes
    buf_.clear();
    pos_ = 0;
    return got;
  }
  if (Status damage = bytes_.TakeBreak(); !damage.ok()) {
    broke_ = true;
    break_what_ = damage.message();
  }
  return 0;
}

bool WarcReader::ReadLine(std::string* line) {
  for (;;) {
    size_t end = buf_.find('\n', pos_);
    if (end != std::string::npos) {
      if (end - pos_ > kMaxHeaderBytes) return false;
      line->assign(buf_, pos_, end - pos_);
      if (!line->empty() && line->back() == '\r') line->pop_back();
      pos_ = end + 1;
      return true;
    }
    if (buf_.size() - pos_ > kMaxHeaderBytes || !Fill()) return false;
  }
}

bool WarcReader::Resync() {
  static const std::string kStart = "WARC/1.";
  for (;;) {
    size_t from = pos_;
    for (;;) {
      size_t found = buf_.find(kStart, from);
      if (found == std::string::npos) break;
      bool at_line = found == 0 ? line_start_ : buf_[found - 1] == '\n';
      if (at_line) {
        pos_ = found;
        return true;
      }
      from = found + 1;
    }
    // Keep a tail that could be the start of "WARC/1.".
    size_t keep = std::min(kStart.size(), buf_.size() - pos_);
    pos_ = buf_.size() - keep;
    if (!Fill()) return false;
  }
}

Status WarcReader::Damaged(const std::string& what) {
  need_resync_ = true;
  if (broke_) {  // the break caused this damage: one report for both; start afresh after it
    broke_ = false;
    buf_.clear();
    pos_ = 0;
    line_start_ = true;
  }
  return Status::Corruption(what);
}

Status WarcReader::ReadBlock(uint64_t length, WarcRecord* record) {
  const uint64_t keep = std::min<uint64_t>(length, static_cast<uint64_t>(max_block_bytes_));
  record->block_cut = keep < length;
  // The kept part is read into one allocation of its size: first what buf_ holds, then straight
  // from the byte stream (no second copy through buf_, no doubling as the block grows).
  record->block.reserve(static_cast<size_t>(keep));
  uint64_t remaining = length;
  while (remaining > 0) {
    const uint64_t kept = record->block.size();
    if (pos_ == buf_.size() && kept < keep) {
      const size_t want = static_cast<size_t>(std::min<uint64_t>(remaining, keep - kept));
      record->block.resize(static_cast<size_t>(kept) + want);
      const size_t got = ReadInto(record->block.data() + kept, want);
      record->block.resize(static_cast<size_t>(kept) + got);
      remaining -= got;
      if (got > 0) continue;
    }
    if (pos_ == buf_.size() && !Fill()) {
      return Damaged("record at byte " + std::to_string(record->offset) + " ends " +
                     std::to_string(remaining) + " bytes before its Content-Length" +
                     (broke_ ? " (" + break_what_ + ")" : std::string(" (truncated file)")));
    }
    size_t take = static_cast<size_t>(std::min<uint64_t>(remaining, buf_.size() - pos_));
    if (kept < keep)
      record->block.append(buf_, pos_, static_cast<size_t>(std::min<uint64_t>(take, keep - kept)));
    pos_ += take;
    remaining -= take;
  }
  return Status::OK();
}

Status WarcReader::Next(WarcRecord* record) {
  *record = WarcRecord();
  for (;;) {
    // The data before a break belonged to a damaged member: start afresh after it.
    if (broke_) return Damaged(break_what_);
    if (need_resync_) {
      if (!Resync()) {
        if (broke_) continue;
        return Status::NotFound("end of input");
      }
      need_resync_ = false;
    }
    while (true) {  // blank lines between records
      if (pos_ == buf_.size() && !Fill()) break;
      if (buf_[pos_] != '\r' && buf_[pos_] != '\n') break;
      ++pos_;
    }
    if (pos_ == buf_.size()) {
      if (broke_) continue;
      return Status::NotFound("end of input");
    }
    break;
  }
  record->offset = bytes_.raw_offset();
  std::string line;
  if (!ReadLine(&line) || line.compare(0, 7, "WARC/1.") != 0) {
    if (broke_) return Damaged(break_what_);
    return Damaged("no WARC record at byte " + std::to_string(record->offset));
  }
  size_t header_bytes = 0;
  for (;;) {
    if (!ReadLine(&line)) {
      if (broke_) return Damaged(break_what_);
      return Damaged("the header of the record at byte " + std::to_string(record->offset) + " does not end");
    }
    header_bytes += line.size() + 2;
    if (header_bytes > kMaxHeaderBytes) {
      return Damaged("the header of the record at byte " + std::to_string(record->offset) + " is too long");
    }
    if (line.empty()) break;
    if ((line[0] == ' ' || line[0] == '\t') && !record->fields.empty()) {
      record->fields.back().second += " " + Trim(line);
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string::npos || colon == 0) {
      return Damaged("record at byte " + std::to_string(record->offset) + " has a malformed header line");
    }
    record->fields.emplace_back(Trim(std::string_view(line).substr(0, colon)),
                                Trim(std::string_view(line).substr(colon + 1)));
  }
  std::string length_text = record->Field("Content-Length");
  uint64_t length = 0;
  if (!ParseLength(length_text, &length)) {
    return Damaged("record at byte " + std::to_string(record->offset) + " has a bad Content-Length '" +
                   length_text.substr(0, 40) + "'");
  }
  return ReadBlock(length, record);
}

// ---- HTTP ----

HttpMessage ParseHttpMessage(std::string block) {
  HttpMessage m;
  size_t end = block.find("\r\n\r\n");
  size_t separator = 4;
  if (end == std::string::npos) {
    end = block.find("\n\n");
    separator = 2;
  }
  const std::string_view view(block);
  size_t head_end = end == std::string::npos ? view.size() : end;
  size_t line_end = view.find('\n');
  if (line_end == std::string::npos || line_end > head_end) line_end = head_end;
  m.start_line = std::string(view.substr(0, line_end));
  if (!m.start_line.empty() && m.start_line.back() == '\r') m.start_line.pop_back();
  if (line_end < head_end) m.headers = ParseHeaders(view.substr(line_end + 1, head_end - line_end + 1));
  if (end != std::string::npos) {
    block.erase(0, end + separator);  // in place: the body keeps the block's allocation
    m.body = std::move(block);
  }
  return m;
}

Status Dechunk(std::string* body, int64_t max_bytes) {
  // Decoded bytes go to the front of *body: they never overtake the encoded ones read (each
  // chunk's data follows its size line), so memmove in place is safe.
  std::string& in = *body;
  const size_t cap =
      max_bytes < 0 ? 0 : static_cast<size_t>(std::min<uint64_t>(static_cast<uint64_t>(max_bytes), SIZE_MAX));
  size_t out = 0;
  size_t pos = 0;
  auto keep = [&](size_t from, size_t n) {
    const size_t take = std::min(n, cap - out);
    std::memmove(in.data() + out, in.data() + from, take);
    out += take;
    return take == n;
  };
  auto fail = [&](const std::string& what) {
    in.resize(out);
    return Status::Corruption(what);
  };
  while (pos < in.size()) {
    size_t line_end = in.find('\n', pos);
    if (line_end == std::string::npos) return fail("a chunk size line does not end");
    std::string_view size_text = std::string_view(in).substr(pos, line_end - pos);
    size_text = size_text.substr(0, size_text.find_first_of(";\r "));
    if (size_text.empty() || size_text.size() > 15)
      return fail("a malformed chunk size");  // 15 hex digits < 2^60
    uint64_t size = 0;
    for (char ch : size_text) {
      int digit = std::isdigit(static_cast<unsigned char>(ch)) ? ch - '0'
                  : (ch >= 'a' && ch <= 'f')                   ? ch - 'a' + 10
                  : (ch >= 'A' && ch <= 'F')                   ? ch - 'A' + 10
                                                               : -1;
      if (digit < 0) return fail("a malformed chunk size");
      size = size * 16 + static_cast<uint64_t>(digit);
    }
    pos = line_end + 1;
    if (size == 0) {
      in.resize(out);
      return Status::OK();
    }
    if (size > in.size() - pos) {  // no pos + size: it could wrap
      keep(pos, in.size() - pos);
      return fail("a chunk is cut short");
    }
    if (!keep(pos, static_cast<size_t>(size)))
      return fail("the dechunked body passes max_body_bytes (" + std::to_string(max_bytes) + ")");
    pos += static_cast<size_t>(size);
    if (in.compare(pos, 2, "\r\n") == 0) {
      pos += 2;
    } else if (in.compare(pos, 1, "\n") == 0) {
      pos += 1;
    }
  }
  return fail("the chunked body has no last chunk");
}

namespace {

Status TooLarge(int64_t max_bytes) {
  return Status::Corruption("the decoded body passes max_body_bytes (" + std::to_string(max_bytes) + ")");
}

Status Inflate(std::string_view in, int window_bits, int64_t max_bytes, std::string* out) {
  out->clear();
  size_t offset = 0;
  char chunk[kReadChunk];
  while (offset < in.size()) {
    z_stream z{};
    if (inflateInit2(&z, window_bits) != Z_OK) return Status::IOError("zlib cannot start");
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + offset));
    z.avail_in = static_cast<uInt>(std::min<size_t>(in.size() - offset, 1u << 30));
    int rc = Z_OK;
    bool fits = true;
    while (rc == Z_OK && fits) {
      z.next_out = reinterpret_cast<Bytef*>(chunk);
      z.avail_out = sizeof(chunk);
      rc = inflate(&z, Z_NO_FLUSH);
      fits = AppendCapped(chunk, sizeof(chunk) - z.avail_out, max_bytes, out);
      if (rc == Z_BUF_ERROR && z.avail_in == 0) break;
    }
    size_t used = std::min<size_t>(in.size() - offset, 1u << 30) - z.avail_in;
    inflateEnd(&z);
    if (!fits) return TooLarge(max_bytes);
    if (rc != Z_STREAM_END)
      return Status::Corruption("damaged compressed body at byte " + std::to_string(offset + used));
    offset += used;
    // Another gzip member may follow (concatenated gzip); anything else ends the body.
    if (window_bits <= 15 || !IsGzipAt(std::string(in.substr(offset, 3)), 0)) break;
  }
  return Status::OK();
}

Status Unbrotli(std::string_view in, int64_t max_bytes, std::string* out) {
  out->clear();
  std::unique_ptr<BrotliDecoderState, decltype(&BrotliDecoderDestroyInstance)> state(
      BrotliDecoderCreateInstance(nullptr, nullptr, nullptr), BrotliDecoderDestroyInstance);
  if (!state) return Status::IOError("brotli cannot start");
  size_t avail_in = in.size();
  const uint8_t* next_in = reinterpret_cast<const uint8_t*>(in.data());
  uint8_t chunk[kReadChunk];
  for (;;) {
    size_t avail_out = sizeof(chunk);
    uint8_t* next_out = chunk;
    BrotliDecoderResult rc =
        BrotliDecoderDecompressStream(state.get(), &avail_in, &next_in, &avail_out, &next_out, nullptr);
    if (!AppendCapped(reinterpret_cast<char*>(chunk), sizeof(chunk) - avail_out, max_bytes, out))
      return TooLarge(max_bytes);
    if (rc == BROTLI_DECODER_RESULT_SUCCESS) return Status::OK();
    if (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) continue;
    return Status::Corruption(rc == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT ? "the br body ends early"
                                                                           : "damaged br body");
  }
}

Status Unzstd(std::string_view in, int64_t max_bytes, std::string* out) {
  out->clear();
  std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> dctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
  if (!dctx) return Status::IOError("zstd cannot start");
  ZSTD_inBuffer input{in.data(), in.size(), 0};
  char chunk[kReadChunk];
  size_t rc = 1;
  while (input.pos < input.size || rc != 0) {
    ZSTD_outBuffer output{chunk, sizeof(chunk), 0};
    size_t before = input.pos;
    rc = ZSTD_decompressStream(dctx.get(), &output, &input);
    if (ZSTD_isError(rc))
      return Status::Corruption(std::string("damaged zstd body: ") + ZSTD_getErrorName(rc));
    if (!AppendCapped(chunk, output.pos, max_bytes, out)) return TooLarge(max_bytes);
    if (output.pos == 0 && input.pos == before) {  // no progress: the input ends inside a frame
      return Status::Corruption("the zstd body ends early");
    }
  }
  return Status::OK();
}

// zlib-wrapped deflate (RFC 1950) starts with a CMF/FLG pair that is a multiple of 31.
bool HasZlibHeader(std::string_view in) {
  if (in.size() < 2) return false;
  unsigned cmf = static_cast<unsigned char>(in[0]), flg = static_cast<unsigned char>(in[1]);
  return (cmf & 0x0f) == 8 && ((cmf << 8) | flg) % 31 == 0;
}

}  // namespace

Status DecodeContent(std::string* body, std::string_view content_encoding, int64_t max_bytes) {
  std::vector<std::string> codings;
  size_t start = 0;
  while (start <= content_encoding.size()) {
    size_t comma = content_encoding.find(',', start);
    if (comma == std::string_view::npos) comma = content_encoding.size();
    std::string coding = Lower(Trim(content_encoding.substr(start, comma - start)));
    if (!coding.empty() && coding != "identity") codings.push_back(coding);
    start = comma + 1;
  }
  for (auto it = codings.rbegin(); it != codings.rend(); ++it) {
    std::string decoded;
    Status status;
    if (*it == "gzip" || *it == "x-gzip") {
      status = Inflate(*body, 15 + 32, max_bytes, &decoded);  // gzip or zlib, detected
    } else if (*it == "deflate") {
      status = Inflate(*body, HasZlibHeader(*body) ? 15 : -15, max_bytes, &decoded);
    } else if (*it == "br") {
      status = Unbrotli(*body, max_bytes, &decoded);
    } else if (*it == "zstd") {
      status = Unzstd(*body, max_bytes, &decoded);
    } else {
      return Status::InvalidArgument("unknown Content-Encoding '" + *it + "'");
    }
    *body = std::move(decoded);
    if (!status.ok()) return status;
  }
  if (max_bytes < 0 || static_cast<uint64_t>(body->size()) > static_cast<uint64_t>(max_bytes)) {
    body->resize(max_bytes < 0 ? 0 : static_cast<size_t>(max_bytes));
    return Status::Corruption("the body passes max_body_bytes (" + std::to_string(max_bytes) + ")");
  }
  return Status::OK();
}

}  // namespace gongkai::storage
