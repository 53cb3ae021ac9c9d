// HTML helpers (see html.h).
#include "html.h"

#include <cctype>
#include <ctime>

namespace gongkai::serve {
namespace {

// Length of the UTF-8 sequence starting at text[i], 0 when it is malformed.
size_t Utf8SequenceLength(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > text.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  if (n == 2 && c < 0xC2) return 0;                          // overlong
  if (n == 3 && c == 0xE0 && byte(i + 1) < 0xA0) return 0;   // overlong
  if (n == 3 && c == 0xED && byte(i + 1) >= 0xA0) return 0;  // surrogate
  if (n == 4 && (c > 0xF4 || (c == 0xF0 && byte(i + 1) < 0x90) || (c == 0xF4 && byte(i + 1) >= 0x90)))
    return 0;
  return n;
}

const char kStyle[] = R"(
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;margin:0;color:#1d2329;background:#fafafa;line-height:1.6}
nav{background:#8b1a1a;padding:.5em 1em}nav a{color:#fff;margin-right:1.5em;text-decoration:none}nav a.on{font-weight:bold;border-bottom:2px solid #fff}
main{max-width:62em;margin:0 auto;padding:1em}
h1{font-size:1.5em;margin:.4em 0}h2{font-size:1.2em;margin:1.2em 0 .4em;border-bottom:1px solid #ddd}h3{font-size:1.05em}
a{color:#0b57a4}mark{background:#ffe28a;padding:0 .1em}
form.search input[type=search]{width:60%;font-size:1.1em;padding:.3em}form.search select,form.search button{font-size:1em;padding:.3em}
ol.results li{margin-bottom:1em}.meta{color:#5b6570;font-size:.9em}.snippet{margin:.2em 0}
table{border-collapse:collapse;margin:.5em 0;background:#fff}td,th{border:1px solid #c8ccd0;padding:.2em .5em;vertical-align:top}th{background:#f0f1f3;text-align:left}
table.kv th{width:12em}pre{white-space:pre-wrap;word-break:break-all;background:#fff;border:1px solid #ddd;padding:.5em;font-size:.85em}
.text p{margin:.4em 0}.pager a,.pager span{margin-right:.6em}.ok{color:#17692c}.bad{color:#a31515}
.diff .add{background:#e6ffec}.diff .del{background:#ffebe9;text-decoration:line-through}
.chain li{margin-bottom:1em}details{margin:.3em 0}
form.search input[type=number]{width:9em;font-size:1em;padding:.3em}form.search input[type=text]{width:10em;font-size:1em;padding:.3em}
table.stats td.v{text-align:right;font-variant-numeric:tabular-nums;min-width:3em}table.stats th.col{text-align:center;font-weight:normal;font-size:.85em}
table.stats td.na,table.stats td.empty,table.stats td.absent{color:#8a939c;text-align:center}table.stats td.fail{background:#ffd9d6;outline:2px solid #a31515}
table.checks td.numbers{min-width:16em}table.checks td.cells{font-size:.75em;color:#5b6570;max-width:24em}
table.checks td.PASS{color:#17692c;font-weight:bold}table.checks td.FAIL{color:#fff;background:#a31515;font-weight:bold}table.checks td.NA{color:#8a939c}
table.agencies td.y{text-align:center;white-space:nowrap;font-size:.9em}td.found{background:#e6ffec}td.missing{background:#ffebe9}td.failing{background:#fff4d6}
)";

}  // namespace

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (size_t i = 0; i < text.size();) {
    size_t n = Utf8SequenceLength(text, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (n == 1) {
      switch (text[i]) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&#39;";
          break;
        default:
          out += text[i];
      }
    } else {
      out.append(text.substr(i, n));
    }
    i += n;
  }
  return out;
}

bool IsValidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    size_t n = Utf8SequenceLength(text, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string UrlEncode(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string FormatTime(int64_t ms) {
  if (ms == 0) return "-";
  time_t seconds = static_cast<time_t>(ms / 1000);
  struct tm tm {};
  gmtime_r(&seconds, &tm);
  char buffer[40];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buffer;
}

std::string HtmlPage(std::string_view title, Section section, std::string_view body_html) {
  auto link = [section](Section s, const char* href, const char* label) {
    return std::string("<a href=\"") + href + "\"" + (s == section ? " class=\"on\"" : "") + ">" + label +
           "</a>";
  };
  std::string page =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>";
  page += Escape(title);
  page += " · gongkai</title><style>";
  page += kStyle;
  page += "</style></head><body><nav>";
  page += link(Section::kSearch, "/", "gongkai 公开 · 检索");
  page += link(Section::kCoverage, "/coverage", "覆盖 coverage");
  page += link(Section::kRuns, "/runs", "抓取 runs");
  page += "</nav><main>\n";
  page += body_html;
  page += "\n</main></body></html>\n";
  return page;
}

}  // namespace gongkai::serve
