// Charset handling shared by the crawler and the extractor: bytes in any of the encodings Chinese
// government portals use (UTF-8, GB2312/GBK/GB18030, Big5, ...) turned into UTF-8.
//
// Order of evidence: HTTP Content-Type charset -> byte-order mark -> <meta charset>/<meta http-equiv>
// in the first bytes -> statistical detection. GB2312 and GBK are read as GB18030 (a strict superset).
// A declaration that the bytes do not validate under (a "UTF-8" page full of GBK bytes) is overridden.
#pragma once

#include <string>
#include <string_view>

namespace gongkai::extract {

struct DecodedText {
  std::string utf8;              // the text, valid UTF-8
  std::string charset_used;      // lower-case canonical name actually used, e.g. "utf-8", "gb18030"
  std::string charset_declared;  // what the page/header claimed, lower-case; "" when nothing was declared
};

// The charset named by a Content-Type header value ("text/html; charset=GBK" -> "gbk"), or "".
std::string CharsetFromContentType(std::string_view content_type);

// The charset declared by <meta> in the first few KB of an HTML document, lower-case, or "".
std::string CharsetFromMeta(std::string_view html_prefix);

// Decodes `bytes` to UTF-8. `content_type` is the HTTP header value ("" if none). A non-empty
// `forced_charset` skips all evidence and decodes with that charset (invalid sequences become U+FFFD).
// Never fails: undecodable bytes become U+FFFD.
DecodedText DecodeToUtf8(std::string_view bytes, std::string_view content_type = {},
                         std::string_view forced_charset = {});

}  // namespace gongkai::extract
