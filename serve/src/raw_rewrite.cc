// The raw view's HTML and CSS rewriting (see raw_rewrite.h). A small tokenizer that follows the
// HTML parsing rules where they decide what is a tag: comments (including "<!-->" and "--!>"),
// bogus comments, script and style raw text.
#include "raw_rewrite.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "extract/links.h"

namespace gongkai::serve {
namespace {

bool StartsWithNoCase(std::string_view text, size_t at, std::string_view prefix) {
  if (at + prefix.size() > text.size()) return false;
  for (size_t k = 0; k < prefix.size(); ++k) {
    if (std::tolower(static_cast<unsigned char>(text[at + k])) != prefix[k]) return false;
  }
  return true;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

std::string Trim(std::string_view text) {
  size_t b = 0, e = text.size();
  while (b < e && (IsSpace(text[b]) || static_cast<unsigned char>(text[b]) < 0x20)) ++b;
  while (e > b && (IsSpace(text[e - 1]) || static_cast<unsigned char>(text[e - 1]) < 0x20)) --e;
  return std::string(text.substr(b, e - b));
}

// Decodes the character references a URL attribute commonly holds (&amp; &#38; &#x26; ...).
std::string DecodeEntities(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    size_t semi = text.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out += '&';
      continue;
    }
    std::string name(text.substr(i + 1, semi - i - 1));
    long code = -1;
    if (name == "amp")
      code = '&';
    else if (name == "lt")
      code = '<';
    else if (name == "gt")
      code = '>';
    else if (name == "quot")
      code = '"';
    else if (name == "apos")
      code = '\'';
    else if (name.size() > 1 && name[0] == '#') {
      char* end = nullptr;
      code = (name[1] == 'x' || name[1] == 'X') ? std::strtol(name.c_str() + 2, &end, 16)
                                                : std::strtol(name.c_str() + 1, &end, 10);
      if (end == nullptr || *end != '\0' || code <= 0 || code > 0x7F) code = -1;  // ASCII is enough for URLs
    }
    if (code < 0) {
      out += '&';
      continue;
    }
    out += static_cast<char>(code);
    i = semi;
  }
  return out;
}

std::string AttributeEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '"')
      out += "&quot;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

bool IsHttp(std::string_view url) {
  return StartsWithNoCase(url, 0, "http://") || StartsWithNoCase(url, 0, "https://");
}

std::string WithoutFragment(std::string url) {
  size_t hash = url.find('#');
  if (hash != std::string::npos) url.resize(hash);
  return url;
}

// Resolves `ref` and maps it; "" when it is not an archived http(s) URL. Keeps a fragment.
class Mapper {
 public:
  Mapper(std::string base, const UrlMapper& map) : base_(std::move(base)), map_(map) {}
  void set_base(std::string base) { base_ = std::move(base); }
  const std::string& base() const { return base_; }

  std::string Map(std::string_view raw_ref) const {
    std::string ref = Trim(DecodeEntities(raw_ref));
    if (ref.empty()) return "";
    if (ref[0] == '#') return ref;  // same document
    std::string absolute = extract::ResolveUrl(base_, ref);
    if (!IsHttp(absolute)) return "";
    size_t hash = absolute.find('#');
    std::string fragment = hash == std::string::npos ? "" : absolute.substr(hash);
    std::string mapped = map_(WithoutFragment(absolute));
    return mapped.empty() ? "" : mapped + fragment;
  }

 private:
  std::string base_;
  const UrlMapper& map_;
};

// ---- CSS ----

std::string RewriteCssWith(std::string_view css, const Mapper& mapper) {
  std::string out;
  size_t i = 0;
  while (i < css.size()) {
    if (StartsWithNoCase(css, i, "url(")) {
      size_t j = i + 4;
      while (j < css.size() && IsSpace(css[j])) ++j;
      std::string value;
      if (j < css.size() && (css[j] == '"' || css[j] == '\'')) {
        char quote = css[j];
        size_t end = css.find(quote, j + 1);
        if (end == std::string_view::npos) end = css.size();
        value = std::string(css.substr(j + 1, end - j - 1));
        j = end + 1;
      }
      size_t close = css.find(')', std::min(j, css.size()));
      if (close == std::string_view::npos) close = css.size();
      if (value.empty()) value = Trim(css.substr(std::min(j, css.size()), close - std::min(j, css.size())));
      std::string mapped = mapper.Map(value);
      out += "url(\"" + (mapped.empty() || mapped[0] == '#' ? std::string("about:invalid") : mapped) + "\")";
      i = close + 1;
      continue;
    }
    if (StartsWithNoCase(css, i, "@import")) {
      size_t j = i + 7;
      while (j < css.size() && IsSpace(css[j])) ++j;
      if (j < css.size() && (css[j] == '"' || css[j] == '\'')) {
        char quote = css[j];
        size_t end = css.find(quote, j + 1);
        if (end == std::string_view::npos) end = css.size();
        std::string mapped = mapper.Map(css.substr(j + 1, end - j - 1));
        out += "@import \"" + (mapped.empty() ? std::string("about:invalid") : mapped) + "\"";
        i = end + 1;
        continue;
      }
      out += "@import ";
      i = j;
      continue;
    }
    out += css[i++];
  }
  return out;
}

// ---- HTML ----

struct Attribute {
  std::string name;   // lower-case
  std::string value;  // as written (character references undecoded)
  bool has_value = false;
};

// Attributes whose value is one URL.
const std::set<std::string>& UrlAttributes() {
  static const std::set<std::string> kNames = {"href",       "src",        "action",   "formaction", "poster",
                                               "data",       "background", "cite",     "longdesc",   "usemap",
                                               "codebase",   "archive",    "manifest", "lowsrc",     "dynsrc",
                                               "xlink:href", "profile",    "classid",  "icon"};
  return kNames;
}

// Attributes that are dropped whatever their value.
bool DropAttribute(const std::string& name) {
  return name.rfind("on", 0) == 0 || name == "srcdoc" || name == "ping" || name == "integrity" ||
         name == "nonce" || name == "http-equiv" || name == "attributionsrc";
}

std::string MapSrcset(std::string_view value, const Mapper& mapper) {
  std::string out;
  size_t start = 0;
  std::string decoded = DecodeEntities(value);
  while (start < decoded.size()) {
    size_t comma = decoded.find(',', start);
    if (comma == std::string::npos) comma = decoded.size();
    std::string candidate = Trim(std::string_view(decoded).substr(start, comma - start));
    start = comma + 1;
    if (candidate.empty()) continue;
    size_t space = candidate.find_first_of(" \t\n");
    std::string url = candidate.substr(0, space);
    std::string descriptor = space == std::string::npos ? "" : candidate.substr(space);
    std::string mapped = mapper.Map(url);
    if (mapped.empty() || mapped[0] == '#') continue;
    if (!out.empty()) out += ", ";
    out += mapped + descriptor;
  }
  return out;
}

class HtmlRewriter {
 public:
  HtmlRewriter(std::string_view html, std::string_view page_url, const UrlMapper& map)
      : html_(html), mapper_(std::string(page_url), map) {}

  std::string Run() {
    FindBase();
    while (i_ < html_.size()) {
      size_t lt = html_.find('<', i_);
      if (lt == std::string_view::npos) lt = html_.size();
      out_.append(html_.substr(i_, lt - i_));
      i_ = lt;
      if (i_ < html_.size()) Markup();
    }
    return std::move(out_);
  }

 private:
  // The first <base href> sets the base for the whole document (as in browsers).
  void FindBase() {
    size_t at = 0;
    while ((at = FindNoCase(html_, "<base", at)) != std::string_view::npos) {
      size_t end = html_.find('>', at);
      if (end == std::string_view::npos) return;
      std::vector<Attribute> attrs;
      ParseAttributes(html_.substr(at + 5, end - at - 5), &attrs);
      for (const Attribute& a : attrs) {
        if (a.name == "href") {
          std::string base = extract::ResolveUrl(mapper_.base(), Trim(DecodeEntities(a.value)));
          if (IsHttp(base)) mapper_.set_base(base);
          return;
        }
      }
      at = end;
    }
  }

  static size_t FindNoCase(std::string_view text, std::string_view lower_needle, size_t from) {
    for (size_t k = from; k + lower_needle.size() <= text.size(); ++k) {
      if (StartsWithNoCase(text, k, lower_needle)) return k;
    }
    return std::string_view::npos;
  }

  void CopyUntil(size_t end) {
    out_.append(html_.substr(i_, end - i_));
    i_ = end;
  }

  void Markup() {
    if (StartsWithNoCase(html_, i_, "<!--")) return Comment();
    const char next = i_ + 1 < html_.size() ? html_[i_ + 1] : '\0';
    if (next == '!' || next == '?' ||
        (next == '/' &&
         !(i_ + 2 < html_.size() && std::isalpha(static_cast<unsigned char>(html_[i_ + 2]))))) {
      // Bogus comment, doctype, "</ ...>": up to the first '>'.
      size_t end = html_.find('>', i_);
      return CopyUntil(end == std::string_view::npos ? html_.size() : end + 1);
    }
    if (!std::isalpha(static_cast<unsigned char>(next)) && next != '/') {
      out_ += "&lt;";
      ++i_;
      return;
    }
    Tag();
  }

  void Comment() {
    size_t body = i_ + 4;
    size_t end;
    if (StartsWithNoCase(html_, body, ">"))
      end = body + 1;
    else if (StartsWithNoCase(html_, body, "->"))
      end = body + 2;
    else {
      size_t a = html_.find("-->", body), b = html_.find("--!>", body);
      if (a == std::string_view::npos && b == std::string_view::npos)
        end = html_.size();
      else if (b == std::string_view::npos || (a != std::string_view::npos && a < b))
        end = a + 3;
      else
        end = b + 4;
    }
    CopyUntil(end);
  }

  // Parses attributes from the text between the tag name and '>'.
  static void ParseAttributes(std::string_view text, std::vector<Attribute>* attrs) {
    size_t k = 0;
    while (k < text.size()) {
      while (k < text.size() && (IsSpace(text[k]) || text[k] == '/')) ++k;
      if (k >= text.size()) break;
      size_t name_start = k;
      ++k;  // a first '=' belongs to the name
      while (k < text.size() && !IsSpace(text[k]) && text[k] != '/' && text[k] != '=') ++k;
      Attribute a;
      a.name = Lower(text.substr(name_start, k - name_start));
      while (k < text.size() && IsSpace(text[k])) ++k;
      if (k < text.size() && text[k] == '=') {
        ++k;
        while (k < text.size() && IsSpace(text[k])) ++k;
        a.has_value = true;
        if (k < text.size() && (text[k] == '"' || text[k] == '\'')) {
          char quote = text[k];
          size_t end = text.find(quote, k + 1);
          if (end == std::string_view::npos) end = text.size();
          a.value = std::string(text.substr(k + 1, end - k - 1));
          k = end + 1;
        } else {
          size_t end = k;
          while (end < text.size() && !IsSpace(text[end])) ++end;
          a.value = std::string(text.substr(k, end - k));
          k = end;
        }
      }
      attrs->push_back(std::move(a));
    }
  }

  // Finds the '>' ending a tag whose attributes start at `from`: a quote opens a value only right
  // after '=' (and optional spaces), as in the HTML tokenizer.
  size_t TagEnd(size_t from) const {
    bool after_equals = false;
    for (size_t k = from; k < html_.size(); ++k) {
      const char c = html_[k];
      if (after_equals && (c == '"' || c == '\'')) {
        size_t close = html_.find(c, k + 1);
        if (close == std::string_view::npos) return close;
        k = close;
        after_equals = false;
        continue;
      }
      if (c == '>') return k;
      if (c == '=')
        after_equals = true;
      else if (!IsSpace(c))
        after_equals = false;
    }
    return std::string_view::npos;
  }

  void Tag() {
    const bool closing = html_[i_ + 1] == '/';
    size_t name_start = i_ + (closing ? 2 : 1);
    size_t k = name_start;
    while (k < html_.size() && !IsSpace(html_[k]) && html_[k] != '/' && html_[k] != '>') ++k;
    const std::string name = Lower(html_.substr(name_start, k - name_start));
    size_t end = TagEnd(k);
    if (end == std::string_view::npos) {  // an unterminated tag at the end: browsers drop it
      i_ = html_.size();
      return;
    }
    std::vector<Attribute> attrs;
    ParseAttributes(html_.substr(k, end - k), &attrs);
    i_ = end + 1;
    const bool is_script =
        name == "script" || (name.size() > 7 && name.compare(name.size() - 7, 7, ":script") == 0);
    if (closing) {
      if (!is_script) out_ += "</" + name + ">";
      return;
    }
    if (is_script) return SkipRawText("</" + name);
    if (name == "base") return;
    if (name == "meta" && DropMeta(attrs)) return;
    out_ += "<" + name;
    for (const Attribute& a : attrs) WriteAttribute(name, a);
    out_ += ">";
    if (name == "style") {
      size_t close = FindNoCase(html_, "</style", i_);
      if (close == std::string_view::npos) close = html_.size();
      out_ += RewriteCssWith(html_.substr(i_, close - i_), mapper_);
      i_ = close;
    }
  }

  void SkipRawText(const std::string& closing_tag) {
    size_t close = FindNoCase(html_, closing_tag, i_);
    if (close == std::string_view::npos) {
      i_ = html_.size();
      return;
    }
    size_t end = html_.find('>', close);
    i_ = end == std::string_view::npos ? html_.size() : end + 1;
  }

  static bool DropMeta(const std::vector<Attribute>& attrs) {
    for (const Attribute& a : attrs) {
      if (a.name != "http-equiv") continue;
      std::string v = Lower(Trim(a.value));
      if (v == "refresh" || v == "set-cookie" || v == "link") return true;
    }
    return false;
  }

  void WriteAttribute(const std::string& tag, const Attribute& a) {
    if (a.name.empty() || DropAttribute(a.name)) return;
    if (a.name == "srcset" || a.name == "imagesrcset") {
      std::string mapped = MapSrcset(a.value, mapper_);
      if (!mapped.empty()) out_ += " " + a.name + "=\"" + AttributeEscape(mapped) + "\"";
      return;
    }
    if (UrlAttributes().count(a.name) != 0 || (tag == "meta" && a.name == "content" && false)) {
      std::string mapped = mapper_.Map(a.value);
      if (mapped.empty()) {
        out_ += " data-gongkai-removed-" + a.name;
        return;
      }
      out_ += " " + a.name + "=\"" + AttributeEscape(mapped) + "\"";
      return;
    }
    if (a.name == "style") {
      out_ += " style=\"" + AttributeEscape(RewriteCssWith(DecodeEntities(a.value), mapper_)) + "\"";
      return;
    }
    out_ += " " + a.name;
    if (a.has_value) out_ += "=\"" + AttributeEscape(a.value) + "\"";
  }

  std::string_view html_;
  Mapper mapper_;
  size_t i_ = 0;
  std::string out_;
};

// A mapper that records what it is asked and maps nothing.
struct Collector {
  std::vector<std::string> urls;
  std::set<std::string> seen;
  UrlMapper mapper() {
    return [this](const std::string& url) {
      if (seen.insert(url).second) urls.push_back(url);
      return std::string();
    };
  }
};

}  // namespace

std::string RewriteHtml(std::string_view html, std::string_view page_url, const UrlMapper& map) {
  return HtmlRewriter(html, page_url, map).Run();
}

std::string RewriteCss(std::string_view css, std::string_view base_url, const UrlMapper& map) {
  return RewriteCssWith(css, Mapper(std::string(base_url), map));
}

std::vector<std::string> CollectHtmlUrls(std::string_view html, std::string_view page_url) {
  Collector collector;
  UrlMapper map = collector.mapper();
  RewriteHtml(html, page_url, map);
  return collector.urls;
}

std::vector<std::string> CollectCssUrls(std::string_view css, std::string_view base_url) {
  Collector collector;
  UrlMapper map = collector.mapper();
  RewriteCss(css, base_url, map);
  return collector.urls;
}

}  // namespace gongkai::serve
