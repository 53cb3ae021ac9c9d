// Reading WARC files as a stream, in bounded memory: plain or gzip (one member per record, or one
// for the whole file), records of any size (a block past the cap is read on but not kept), and
// damage that is counted and skipped: after a member that does not inflate the reader resumes at
// the next gzip member, after a malformed record at the next "WARC/1." line. Every length, chunk
// size and offset is checked arithmetic: a negative or overflowing value is damage, never a loop.
// Internal to storage (import-warc and the fuzzer use it).
#pragma once

#include <zlib.h>

#include <cstdint>
#include <istream>
#include <string>
#include <string_view>

#include "storage/records.h"
#include "storage/status.h"

namespace gongkai::storage {

// Bytes of a WARC file, inflated when it is gzip. A member that does not inflate is damage: the
// rest of it is skipped up to the next gzip header, and the break is reported once.
class WarcByteStream {
 public:
  explicit WarcByteStream(std::istream& in);
  ~WarcByteStream();
  WarcByteStream(const WarcByteStream&) = delete;
  WarcByteStream& operator=(const WarcByteStream&) = delete;

  // Up to `n` decoded bytes into `buf`; 0 at the end of input or at a break (see TakeBreak()).
  size_t Read(char* buf, size_t n);
  // Corruption (once) naming what and where when the last Read() stopped at damage; OK otherwise.
  [[nodiscard]] Status TakeBreak();
  bool gzip() const { return gzip_; }
  int64_t raw_offset() const { return raw_offset_; }  // bytes of the file consumed so far

 private:
  bool FillRaw();
  void SkipToNextMember();

  std::istream& in_;
  bool gzip_ = false;
  bool started_ = false;
  bool in_member_ = false;
  bool eof_ = false;
  std::string raw_;  // raw bytes read but not yet consumed
  size_t raw_pos_ = 0;
  int64_t raw_offset_ = 0;
  z_stream z_{};
  bool z_ready_ = false;
  std::string break_;  // pending damage report
};

// One WARC record: its header fields and (up to the cap) its block. The block is read straight
// into `block` (one allocation of its size), and callers move it on rather than copy it.
struct WarcRecord {
  Headers fields;
  std::string block;
  bool block_cut = false;  // the block was longer than the cap: only its start is kept
  int64_t offset = 0;      // raw offset of the record's start (approximate for whole-file gzip)
  std::string Field(std::string_view name) const { return HeaderValue(fields, name); }
  // A URI field without the angle brackets that WARC 1.0's grammar (and wget 1.21) put around it.
  std::string Uri(std::string_view name) const;
};

class WarcReader {
 public:
  // Record headers longer than this are damage (real ones are < 2 KB).
  static constexpr size_t kMaxHeaderBytes = 64 * 1024;

  // Blocks longer than max_block_bytes are read through but only their start is kept.
  WarcReader(std::istream& in, int64_t max_block_bytes);

  // The next record into *record (OK); Corruption naming what and where when a record is damaged
  // (the reader has moved on and the next call continues after it); NotFound at the end of input.
  [[nodiscard]] Status Next(WarcRecord* record);
  bool gzip() const { return bytes_.gzip(); }
  int64_t raw_offset() const { return bytes_.raw_offset(); }

 private:
  bool Fill();                           // more decoded bytes into buf_; false at end/break
  size_t ReadInto(char* out, size_t n);  // decoded bytes past buf_ (empty), straight into `out`
  bool ReadLine(std::string* line);      // up to CRLF/LF, within kMaxHeaderBytes
  Status ReadBlock(uint64_t length, WarcRecord* record);
  bool Resync();  // to the next "WARC/1." at a line start
  Status Damaged(const std::string& what);

  WarcByteStream bytes_;
  int64_t max_block_bytes_;
  std::string buf_;
  size_t pos_ = 0;
  bool broke_ = false;  // the byte stream reported a break since the last record start
  std::string break_what_;
  bool need_resync_ = false;
  bool line_start_ = true;  // buf_[pos_] begins a line (for Resync)
};

// The HTTP message inside a request/response block.
struct HttpMessage {
  std::string start_line;
  Headers headers;
  std::string body;
};
// Takes the block's storage for the body (the head is cut off in place): a body is never copied.
HttpMessage ParseHttpMessage(std::string block);

// Undoes Transfer-Encoding: chunked in place (the decoded bytes are never more than the encoded
// ones), with checked chunk sizes. Corruption on a malformed, cut or overflowing chunk, or when more
// than max_bytes would be kept; *body then holds what was decoded before it, up to the cap.
[[nodiscard]] Status Dechunk(std::string* body, int64_t max_bytes);

// Undoes a Content-Encoding list ("gzip", "x-gzip", "deflate" zlib or raw, "br", "zstd",
// "identity"), last applied first, in place: *body holds the encoded bytes on entry and at most
// max_bytes decoded ones on return. InvalidArgument when an encoding is unknown (*body then holds
// the bytes as far as they were decoded); Corruption when one is damaged or the decoded body would
// pass max_bytes (a bomb): *body then holds what was decoded, up to the cap.
[[nodiscard]] Status DecodeContent(std::string* body, std::string_view content_encoding, int64_t max_bytes);

}  // namespace gongkai::storage
