// Charset evidence and decoding (see charset.h). iconv (glibc) does the transcoding, through a table
// read from it for GBK, and uchardet the guessing when nothing trustworthy is declared.
#include "extract/charset.h"

#include <iconv.h>
#include <uchardet/uchardet.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>

#include "text_util.h"

namespace gongkai::extract {
namespace {

// How far into a document <meta charset> is looked for (HTML's prescan uses 1024 bytes; real
// portals put long comments and scripts first, so look further).
constexpr std::size_t kMetaScanBytes = 8192;
// Bytes fed to uchardet: enough for a confident guess, bounded for speed on big pages.
constexpr std::size_t kDetectBytes = 64 * 1024;
// A declared charset is trusted when at most this share of the bytes (plus a few) fail to decode:
// real GBK pages carry the odd stray byte, a wrong declaration fails on most non-ASCII text.
constexpr double kMaxInvalidShare = 0.002;
constexpr int kMaxInvalidAbsolute = 4;

std::string Canonical(std::string_view name) {
  std::string n = text::ToLowerAscii(text::TrimAscii(name));
  while (!n.empty() && (n.back() == '"' || n.back() == '\'' || n.back() == ';')) n.pop_back();
  while (!n.empty() && (n.front() == '"' || n.front() == '\'')) n.erase(0, 1);
  if (n.empty()) return "";
  if (n == "utf8" || n == "utf-8" || n == "unicode-1-1-utf-8" || n == "x-unicode20utf8") return "utf-8";
  if (n == "gb2312" || n == "gbk" || n == "x-gbk" || n == "gb_2312-80" || n == "cp936" || n == "euc-cn" ||
      n == "csgb2312" || n == "windows-936" || n == "gb18030" || n == "chinese" || n == "iso-ir-58" ||
      n == "hz-gb-2312")
    return "gb18030";
  if (n == "big5" || n == "big5-hkscs" || n == "cn-big5" || n == "x-x-big5" || n == "csbig5")
    return "big5-hkscs";
  if (n == "iso-8859-1" || n == "latin1" || n == "l1" || n == "ascii" || n == "us-ascii" ||
      n == "windows-1252" || n == "cp1252" || n == "iso8859-1")
    return "windows-1252";
  if (n == "utf-16" || n == "utf-16le" || n == "utf-16be" || n == "unicode") return "utf-16";
  if (n == "shift_jis" || n == "sjis" || n == "x-sjis" || n == "ms_kanji" || n == "windows-31j")
    return "shift_jis";
  return n;
}

// Whether `s` is UTF-8; *cut_at_end when only because its last sequence is cut (then it is not valid
// as it stands).
bool IsUtf8(std::string_view s, bool* has_multibyte, bool* cut_at_end) {
  *has_multibyte = false;
  *cut_at_end = false;
  for (std::size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      // ASCII eight bytes at a time (markup is most of a page).
      while (i + 8 <= s.size()) {
        std::uint64_t word;
        std::memcpy(&word, s.data() + i, sizeof word);
        if ((word & 0x8080808080808080ULL) != 0) break;
        i += sizeof word;
      }
      continue;
    }
    std::size_t start = i;
    char32_t cp = text::NextCodePoint(s, &i);
    if (cp == 0xFFFD && i - start != 3) {
      // A sequence cut by the end of the input (truncated download) is not evidence against UTF-8.
      if (s.size() - start < 4) return *cut_at_end = true;
      return false;
    }
    *has_multibyte = true;
  }
  return true;
}

// Transcodes all of `bytes` with iconv, replacing undecodable bytes by U+FFFD; *invalid counts them.
bool IconvAll(std::string_view bytes, const std::string& charset, std::string* out, int* invalid) {
  std::string from = charset == "utf-16" ? "UTF-16" : charset;
  iconv_t cd = iconv_open("UTF-8", from.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  out->clear();
  out->reserve(bytes.size() * 3 / 2 + 16);
  *invalid = 0;
  char buf[16384];
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  while (in_left > 0) {
    char* o = buf;
    std::size_t o_left = sizeof(buf);
    std::size_t r = iconv(cd, &in, &in_left, &o, &o_left);
    out->append(buf, o - buf);
    if (r != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) continue;
    ++*invalid;
    out->append("\xEF\xBF\xBD");
    if (errno == EINVAL) break;  // incomplete sequence at the end
    ++in;                        // EILSEQ: skip one byte and go on
    --in_left;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
  }
  iconv_close(cd);
  return true;
}

// GB18030's two-byte codes (GBK, GB2312) as UTF-8, read from iconv once. glibc's converter goes
// through UCS-4 a character at a time; a table gives the same bytes at a fraction of the cost, and
// most portal pages are GBK text and ASCII markup only.
class GbkTable {
 public:
  struct Entry {
    std::uint8_t size = 0;        // 0: not a two-byte code iconv decodes
    char utf8[4] = {0, 0, 0, 0};  // a few codes map outside the BMP
  };

  static const GbkTable& Get() {
    static const GbkTable table;
    return table;
  }

  const Entry& At(unsigned char lead, unsigned char trail) const {
    return entries_[static_cast<std::size_t>(lead - kFirstLead) * 256 + trail];
  }

 private:
  static constexpr unsigned kFirstLead = 0x81, kLastLead = 0xFE;

  GbkTable() : entries_((kLastLead - kFirstLead + 1) * 256) {
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == reinterpret_cast<iconv_t>(-1)) return;  // every entry stays empty: iconv decodes
    for (unsigned lead = kFirstLead; lead <= kLastLead; ++lead) {
      // Trail bytes 0x30-0x39 start a four-byte code instead; those are left to iconv.
      for (unsigned trail = 0x40; trail <= 0xFE; ++trail) {
        char in_bytes[2] = {static_cast<char>(lead), static_cast<char>(trail)};
        char out_bytes[8];
        char* in = in_bytes;
        char* out = out_bytes;
        std::size_t in_left = 2, out_left = sizeof out_bytes;
        const std::size_t r = iconv(cd, &in, &in_left, &out, &out_left);
        iconv(cd, nullptr, nullptr, nullptr, nullptr);
        const auto written = static_cast<std::size_t>(out - out_bytes);
        // An entry is multi-byte UTF-8 only (DecodeGbk() finds the control characters among the
        // ASCII input bytes); a code that decoded to ASCII would be left to iconv.
        if (r == static_cast<std::size_t>(-1) || in_left != 0 || written == 0 ||
            written > sizeof(Entry::utf8) ||
            std::any_of(out_bytes, out, [](char b) { return static_cast<unsigned char>(b) < 0x80; }))
          continue;
        Entry& e = entries_[(lead - kFirstLead) * 256 + trail];
        e.size = static_cast<std::uint8_t>(written);
        std::memcpy(e.utf8, out_bytes, written);
      }
    }
    iconv_close(cd);
  }

  std::vector<Entry> entries_;
};

// The control characters text::SanitizeUtf8 drops: C0 but tab and line breaks, and DEL.
bool IsControl(char ch) {
  const auto b = static_cast<unsigned char>(ch);
  return (b < 0x20 && b != '\n' && b != '\t' && b != '\r') || b == 0x7F;
}

constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;

// The high bit of each byte of `w` that is below 0x20 or is 0x7F (a control character, or a tab or
// line break), and maybe of bytes at 0x80 and above too: zero when all eight are neither.
std::uint64_t MayBeControls(std::uint64_t w) {
  const std::uint64_t below_space = (w - kOnes * 0x20) & ~w & kHighs;
  const std::uint64_t x7f = w ^ (kOnes * 0x7F);
  const std::uint64_t del = (x7f - kOnes) & ~x7f & kHighs;
  return below_space | del;
}

// `bytes` as GB18030 through GbkTable, without the control characters (as DropControls() of
// iconv's output: only an ASCII byte can be one, the table decodes to no ASCII); false (and *out
// unspecified) at anything the table does not hold (a four-byte code, a byte iconv refuses, a cut
// code at the end), which iconv then decodes.
bool DecodeGbk(std::string_view bytes, std::string* out) {
  const GbkTable& table = GbkTable::Get();
  // Written through a pointer, not appended: two bytes decode to four at most, so twice the input
  // holds the text, plus room for the whole Entry::utf8 copied at the end.
  constexpr std::size_t kEntryBytes = sizeof(GbkTable::Entry::utf8);
  out->resize(bytes.size() * 2 + kEntryBytes);
  char* const begin = out->data();
  char* o = begin;
  const std::size_t n = bytes.size();
  for (std::size_t i = 0; i < n;) {
    // A run of two-byte codes (the text).
    for (unsigned char lead; i < n && (lead = static_cast<unsigned char>(bytes[i])) >= 0x80; i += 2) {
      if (lead < 0x81 || lead > 0xFE || i + 1 >= n) return false;
      const GbkTable::Entry& e = table.At(lead, static_cast<unsigned char>(bytes[i + 1]));
      if (e.size == 0) return false;
      std::memcpy(o, e.utf8, kEntryBytes);
      o += e.size;
    }
    // ASCII without control characters eight bytes at a time (markup is most of a page), then one
    // ASCII byte (a line break, say, or the last few of the run).
    for (std::uint64_t word; n - i >= 8; i += sizeof word, o += sizeof word) {
      std::memcpy(&word, bytes.data() + i, sizeof word);
      if (((word & kHighs) | MayBeControls(word)) != 0) break;
      std::memcpy(o, &word, sizeof word);
    }
    if (i < n && static_cast<unsigned char>(bytes[i]) < 0x80) {
      if (!IsControl(bytes[i])) *o++ = bytes[i];
      ++i;
    }
  }
  out->resize(static_cast<std::size_t>(o - begin));
  return true;
}

// text::SanitizeUtf8 for what iconv wrote: glibc writes valid UTF-8 only (it refuses to encode a
// surrogate) and IconvAll() puts U+FFFD for bad input, so only the control characters are left to
// drop, and a byte below 0x80 is never part of a multi-byte sequence: a byte scan does it.
std::string DropControls(std::string utf8) {
  // Eight bytes at a time up to the first word holding a byte below 0x20 or 0x7F (the usual page
  // has none but its line ends), then byte by byte from the first control character on.
  std::size_t i = 0;
  for (; i + 8 <= utf8.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, utf8.data() + i, sizeof w);
    if (MayBeControls(w) == 0) continue;
    bool control = false;
    for (std::size_t k = i; k < i + 8; ++k) control = control || IsControl(utf8[k]);
    if (control) break;
  }
  auto first = std::find_if(utf8.begin() + static_cast<std::ptrdiff_t>(i), utf8.end(), IsControl);
  utf8.erase(std::remove_if(first, utf8.end(), IsControl), utf8.end());
  return utf8;
}

// `bytes` in `charset` as UTF-8 without control characters, undecodable bytes as U+FFFD (*invalid
// counts them); false when iconv does not know `charset`. GB18030 without four-byte codes or bad
// bytes goes through GbkTable, to the same text.
bool Transcode(std::string_view bytes, const std::string& charset, std::string* out, int* invalid) {
  if (charset == "gb18030" && DecodeGbk(bytes, out)) {
    *invalid = 0;
    return true;
  }
  if (!IconvAll(bytes, charset, out, invalid)) return false;
  *out = DropControls(std::move(*out));
  return true;
}

bool Acceptable(int invalid, std::size_t size) {
  return invalid <= kMaxInvalidAbsolute + static_cast<int>(kMaxInvalidShare * static_cast<double>(size));
}

std::string Detect(std::string_view bytes) {
  uchardet_t ud = uchardet_new();
  std::string_view sample = bytes.substr(0, kDetectBytes);
  uchardet_handle_data(ud, sample.data(), sample.size());
  uchardet_data_end(ud);
  std::string name = uchardet_get_charset(ud);
  uchardet_delete(ud);
  return Canonical(name);
}

std::string ValueAfterCharset(std::string_view s, std::size_t pos) {
  // s[pos..] starts just after "charset"; skip spaces and '='.
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t')) ++pos;
  if (pos >= s.size() || s[pos] != '=') return "";
  ++pos;
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '"' || s[pos] == '\'')) ++pos;
  std::size_t end = pos;
  while (end < s.size() && s[end] != '"' && s[end] != '\'' && s[end] != ';' && s[end] != ' ' &&
         s[end] != '>' && s[end] != '/' && s[end] != ',' && s[end] != '\t' && s[end] != '\n')
    ++end;
  return std::string(s.substr(pos, end - pos));
}

DecodedText DecodeWith(std::string_view bytes, const std::string& charset, std::string declared) {
  DecodedText d;
  d.charset_declared = std::move(declared);
  if (charset == "utf-8") {
    d.utf8 = text::SanitizeUtf8(bytes);
    d.charset_used = "utf-8";
    return d;
  }
  int invalid = 0;
  if (Transcode(bytes, charset, &d.utf8, &invalid)) {
    d.charset_used = charset;
    return d;
  }
  d.utf8 = text::SanitizeUtf8(bytes);  // unknown charset name: read as UTF-8
  d.charset_used = "utf-8";
  return d;
}

}  // namespace

std::string CharsetFromContentType(std::string_view content_type) {
  std::string lower = text::ToLowerAscii(content_type);
  std::size_t pos = lower.find("charset");
  if (pos == std::string::npos) return "";
  return text::ToLowerAscii(text::TrimAscii(ValueAfterCharset(lower, pos + 7)));
}

namespace {

// Where "<meta" starts, in any letter case, at or after `from`; npos when nowhere.
std::size_t FindMetaTag(std::string_view s, std::size_t from) {
  for (std::size_t pos = s.find('<', from); pos != std::string_view::npos; pos = s.find('<', pos + 1)) {
    if (s.size() - pos >= 5 && (s[pos + 1] | 0x20) == 'm' && (s[pos + 2] | 0x20) == 'e' &&
        (s[pos + 3] | 0x20) == 't' && (s[pos + 4] | 0x20) == 'a')
      return pos;
  }
  return std::string_view::npos;
}

}  // namespace

std::string CharsetFromMeta(std::string_view html_prefix) {
  // Only the <meta> tags are lowered, not the whole prefix: this runs on every page.
  std::string_view prefix = html_prefix.substr(0, kMetaScanBytes);
  for (std::size_t pos = FindMetaTag(prefix, 0); pos != std::string_view::npos;
       pos = FindMetaTag(prefix, pos + 5)) {
    std::size_t end = prefix.find('>', pos);
    if (end == std::string_view::npos) end = prefix.size();
    std::string tag = text::ToLowerAscii(prefix.substr(pos, end - pos));
    for (std::size_t c = tag.find("charset"); c != std::string::npos; c = tag.find("charset", c + 7)) {
      std::string value = ValueAfterCharset(tag, c + 7);
      if (!value.empty()) return value;
    }
  }
  return "";
}

DecodedText DecodeToUtf8(std::string_view bytes, std::string_view content_type,
                         std::string_view forced_charset) {
  std::string header = CharsetFromContentType(content_type);
  std::string meta = CharsetFromMeta(bytes);
  std::string declared = !header.empty() ? header : meta;
  if (!forced_charset.empty()) return DecodeWith(bytes, Canonical(forced_charset), declared);

  // A byte-order mark is the strongest evidence (the HTML standard lets it override the header).
  if (bytes.size() >= 3 && std::memcmp(bytes.data(), "\xEF\xBB\xBF", 3) == 0)
    return DecodeWith(bytes.substr(3), "utf-8", declared);
  if (bytes.size() >= 2 &&
      (std::memcmp(bytes.data(), "\xFF\xFE", 2) == 0 || std::memcmp(bytes.data(), "\xFE\xFF", 2) == 0))
    return DecodeWith(bytes, "utf-16", declared);

  // Valid UTF-8 with multi-byte text is UTF-8 whatever the declaration says: GBK text essentially
  // never validates as UTF-8, while UTF-8 text often "validates" as GB18030.
  bool multibyte = false, cut = false;
  const bool utf8 = IsUtf8(bytes, &multibyte, &cut);
  // Checked valid already: only the control characters are left to drop (text::SanitizeUtf8 would
  // check every sequence again).
  auto as_utf8 = [&] {
    if (cut) return DecodeWith(bytes, "utf-8", declared);
    DecodedText d;
    d.utf8 = DropControls(std::string(bytes));
    d.charset_used = "utf-8";
    d.charset_declared = declared;
    return d;
  };
  if (utf8 && (multibyte || Canonical(declared) == "utf-8" || declared.empty())) return as_utf8();

  for (const std::string& candidate : {Canonical(header), Canonical(meta)}) {
    if (candidate.empty() || candidate == "utf-8" || candidate == "utf-16") continue;
    std::string out;
    int invalid = 0;
    if (Transcode(bytes, candidate, &out, &invalid) && Acceptable(invalid, bytes.size())) {
      DecodedText d;
      d.utf8 = std::move(out);
      d.charset_used = candidate;
      d.charset_declared = declared;
      return d;
    }
  }
  if (utf8) return as_utf8();

  // Nothing declared validates: guess, then fall back to GB18030 (the usual truth on these portals).
  std::string guess = Detect(bytes);
  if (guess.empty() || guess == "utf-8" || guess == "utf-16") guess = "gb18030";
  for (const std::string& candidate : {guess, std::string("gb18030"), std::string("big5-hkscs")}) {
    std::string out;
    int invalid = 0;
    if (Transcode(bytes, candidate, &out, &invalid) && Acceptable(invalid, bytes.size())) {
      DecodedText d;
      d.utf8 = std::move(out);
      d.charset_used = candidate;
      d.charset_declared = declared;
      return d;
    }
  }
  return DecodeWith(bytes, guess == "windows-1252" ? guess : "gb18030", declared);
}

}  // namespace gongkai::extract
