#include "metadata.h"

#include <algorithm>
#include <array>

#include "dates.h"
#include "text_util.h"

namespace gongkai::extract {
namespace {

// How many lines around the title are searched for the date/source line.
constexpr int kDateWindowBefore = 3;
constexpr int kDateWindowAfter = 12;
// Source/author lines longer than this (characters) are body text that mentions the label.
constexpr int kMaxSourceLineChars = 120;
// Title candidates longer than this (characters) are paragraphs.
constexpr int kMaxTitleChars = 150;

std::string Meta(const Page& page, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    auto it = page.metas.find(k);
    if (it != page.metas.end() && !it->second.empty()) return it->second;
  }
  return "";
}

std::string Squeeze(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t start = i;
    char32_t cp = text::NextCodePoint(s, &i);
    if (!text::IsSpace(cp)) out.append(s.substr(start, i - start));
  }
  return out;
}

bool Contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

// The value after a label ("来源：新华社 点击" -> "新华社"), cut at the next space or label.
std::string ValueAfterLabel(std::string_view line, std::initializer_list<std::string_view> labels) {
  for (std::string_view label : labels) {
    std::size_t p = line.find(label);
    if (p == std::string_view::npos) continue;
    std::size_t i = p + label.size();
    while (i < line.size() && line[i] == ' ') ++i;
    if (line.substr(i, 1) == ":")
      ++i;
    else if (line.substr(i, 3) == "：")
      i += 3;
    else
      continue;
    while (i < line.size() && line[i] == ' ') ++i;
    std::size_t end = line.find(' ', i);
    std::string_view v = line.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
    for (std::string_view stop :
         {"时间", "日期", "点击", "作者", "浏览", "阅读", "发布", "【", "|", "访问"}) {
      std::size_t s = v.find(stop);
      if (s != std::string_view::npos) v = v.substr(0, s);
    }
    std::string out(text::TrimAscii(v));
    if (!out.empty()) return out;
  }
  return "";
}

// 2 when the next line carries a labelled date (发布时间/日期/时间：...), 1 when the line after it
// does, else 0: the line right above a portal's date line is its title.
int DateLineBelow(const Page& page, int i) {
  const int n = static_cast<int>(page.blocks.size());
  for (int k = i + 1; k < std::min(n, i + 3); ++k) {
    const std::string& t = page.blocks[k].text;
    if (page.blocks[k].chars > 120) return 0;
    if ((Contains(t, "时间") || Contains(t, "日期")) && !FindDate(t).iso.empty()) return k == i + 1 ? 2 : 1;
  }
  return 0;
}

int FindTitleBlock(const Page& page, const ContentSelection& content, const std::vector<std::string>& parts,
                   const std::string& article_title) {
  std::string full = Squeeze(page.title);
  std::string wanted = Squeeze(article_title);
  std::string site_part = parts.size() > 1 ? Squeeze(parts.back()) : "";
  std::size_t longest_part = 0;
  for (const std::string& p : parts) longest_part = std::max(longest_part, Squeeze(p).size());
  int best = -1;
  double best_score = 0;
  const int n = static_cast<int>(page.blocks.size());
  int lo = std::max(0, content.begin - 40), hi = std::min(n, content.end);
  for (int i = lo; i < hi; ++i) {
    const Block& b = page.blocks[i];
    if (b.chars < 2 || b.chars > kMaxTitleChars || b.table >= 0) continue;
    if (b.link_tokens * 2 > b.tokens && !b.heading) continue;
    std::string s = Squeeze(b.text);
    double score = 0;
    if (!wanted.empty() && s == wanted)
      score = 100;
    else if (!full.empty() && b.chars >= 4 && s.size() * 5 >= longest_part * 2 && Contains(full, s) &&
             s != site_part)
      score = 6 + std::min(5.0, static_cast<double>(s.size()) / 6.0);
    double evidence = 0;
    if (b.heading) evidence += b.heading == 1 ? 6 : b.heading <= 3 ? 4 : 2;
    if (b.title_like) evidence += 6;
    if (b.chars >= 6 && b.chars <= 80 && !b.ends_sentence) evidence += 5 * DateLineBelow(page, i);
    // A one-part <title> may be just the site name: matching it proves nothing (when nothing else
    // is found the <title> itself is the answer anyway).
    if (parts.size() <= 1 && score < 100) score = 0;
    score += evidence;
    if (score < 5) continue;
    int distance = std::abs(i - content.begin);
    score -= std::min(8.0, distance * 0.2);
    if (page.nodes[b.node].region == Hint::kNegative) score -= 6;
    if (score > best_score) best_score = score, best = i;
  }
  return best;
}

std::string StripSiteSuffix(const std::vector<std::string>& parts) {
  if (parts.empty()) return "";
  std::string best = parts[0];
  if (text::Count(best).chars < 4 && parts.size() > 1) {
    for (const auto& p : parts)
      if (p.size() > best.size()) best = p;
  }
  return best;
}

// A date inside the report's own prose is not its publication date: the reporting period
// ("统计期限自2023年1月1日起至2023年12月31日止"), a range ("2023年1月1日至…"), or a date in a sentence.
bool IsPeriodDate(const std::string& t, const FoundDate& d) {
  for (std::string_view key : {"统计期限", "统计时间", "统计期", "统计区间", "期限自", "时间段"})
    if (Contains(t, key)) return true;
  std::string_view after = std::string_view(t).substr(d.end);
  while (!after.empty() && (after.front() == ' ')) after.remove_prefix(1);
  for (std::string_view next : {"起", "至", "到", "—", "－", "-", "~", "～", "以来", "期间"})
    if (after.substr(0, next.size()) == next) return true;
  return false;
}

std::optional<std::string> FindPublished(const Page& page, const ContentSelection& content, int title_block) {
  std::string meta = Meta(page, {"pubdate", "publishdate", "article:published_time", "og:published_time",
                                 "datepublished", "publish_date", "publishtime", "dc.date.issued", "dc.date",
                                 "firstpublishedtime", "sailthru.date", "parsely-pub-date", "date",
                                 "og:release_date", "article.published", "creationdate"});
  if (std::string d = NormalizeDate(meta); !d.empty()) return d;
  const int n = static_cast<int>(page.blocks.size());
  int anchor = title_block >= 0 ? title_block : content.begin;
  int lo = std::max(0, anchor - kDateWindowBefore), hi = std::min(n, anchor + kDateWindowAfter);
  static constexpr std::array<std::string_view, 8> kLabels = {"发布时间", "发布日期", "发文日期", "成文日期",
                                                              "时间",     "日期",     "发表于",   "更新时间"};
  for (std::string_view label : kLabels) {
    for (int i = lo; i < hi; ++i) {
      const std::string& t = page.blocks[i].text;
      std::size_t p = t.find(label);
      if (p == std::string::npos) continue;
      FoundDate d = FindDate(t, p);
      if (!d.iso.empty() && d.begin - p < 40 && !IsPeriodDate(t, d)) return d.iso;
    }
  }
  for (int i = lo; i < hi; ++i) {
    const Block& b = page.blocks[i];
    if (b.chars > 80 || b.table >= 0 || b.ends_sentence) continue;
    FoundDate d = FindDate(b.text);
    if (!d.iso.empty() && !IsPeriodDate(b.text, d)) return d.iso;
  }
  for (const std::string& dt : page.time_datetimes)
    if (std::string d = NormalizeDate(dt); !d.empty()) return d;
  for (const std::string& ld : page.json_ld) {
    std::size_t p = ld.find("\"datePublished\"");
    if (p != std::string::npos)
      if (FoundDate d = FindDate(ld, p); !d.iso.empty() && d.begin - p < 40) return d.iso;
  }
  for (int i = 0; i < n; ++i) {
    const std::string& t = page.blocks[i].text;
    for (std::string_view label : {"发布时间", "发布日期"}) {
      std::size_t p = t.find(label);
      if (p == std::string::npos) continue;
      FoundDate d = FindDate(t, p);
      if (!d.iso.empty() && d.begin - p < 40 && !IsPeriodDate(t, d)) return d.iso;
    }
  }
  return std::nullopt;
}

std::string FindColumn(const Page& page) {
  std::string meta = Meta(page, {"columnname", "column"});
  if (!meta.empty()) return meta;
  for (const Block& b : page.blocks) {
    const std::string& t = b.text;
    const std::string& ic = page.nodes[b.node].id_class;
    bool crumb = Contains(t, "当前位置") || Contains(t, "您现在的位置") || Contains(t, "您的位置") ||
                 Contains(t, "所在位置") || Contains(ic, "crumb") || Contains(ic, "position") ||
                 Contains(ic, "location") || Contains(ic, "dqwz");
    if (!crumb || b.chars > 120) continue;
    // Every separator becomes '>' (copied, not replaced in place: g++ 12 warns falsely on replace).
    std::string s;
    for (std::size_t i = 0; i < t.size();) {
      bool sep_here = false;
      for (std::string_view sep : {"＞", "»", "›", "→", "/"}) {
        if (t.compare(i, sep.size(), sep) == 0) {
          s.push_back('>');
          i += sep.size();
          sep_here = true;
          break;
        }
      }
      if (!sep_here) s.push_back(t[i++]);
    }
    std::size_t last = s.rfind('>');
    if (last == std::string::npos) continue;
    std::string item(text::TrimAscii(s.substr(last + 1)));
    if (item.empty() || item == "正文" || item == "详情" || item == "内容") {
      std::size_t prev = s.rfind('>', last - 1 < s.size() ? last - 1 : 0);
      item = std::string(text::TrimAscii(s.substr(prev == std::string::npos ? 0 : prev + 1,
                                                  last - (prev == std::string::npos ? 0 : prev + 1))));
    }
    if (!item.empty() && text::Count(item).chars <= 30) return item;
  }
  return "";
}

// A bare '-' between two Han characters separates a title from the site name ("座谈会-中国科普网");
// elsewhere it is part of a word or a number ("COVID-19", "2023-12-01").
bool IsHanHyphen(const std::string& title, std::size_t i) {
  std::size_t back = i;
  while (back > 0 && (static_cast<unsigned char>(title[back - 1]) & 0xC0) == 0x80) --back;
  if (back == 0) return false;
  std::size_t prev_pos = back - 1;
  char32_t prev = text::NextCodePoint(title, &prev_pos);
  std::size_t next_pos = i + 1;
  if (next_pos >= title.size()) return false;
  char32_t next = text::NextCodePoint(title, &next_pos);
  return text::IsCjk(prev) && text::IsCjk(next);
}

}  // namespace

std::vector<std::string> SplitTitle(const std::string& title) {
  std::vector<std::string> parts;
  std::string cur;
  static constexpr std::array<std::string_view, 9> kSeps = {"_",   "|",   " - ", "－", "——",
                                                            " — ", " – ", "｜",  "＿"};
  std::size_t i = 0;
  while (i < title.size()) {
    bool split = false;
    if (title[i] == '-' && IsHanHyphen(title, i)) {
      std::string t(text::TrimAscii(cur));
      if (!t.empty()) parts.push_back(t);
      cur.clear();
      ++i;
      continue;
    }
    for (std::string_view sep : kSeps) {
      if (title.compare(i, sep.size(), sep) == 0) {
        std::string t(text::TrimAscii(cur));
        if (!t.empty()) parts.push_back(t);
        cur.clear();
        i += sep.size();
        split = true;
        break;
      }
    }
    if (!split) cur += title[i++];
  }
  std::string t(text::TrimAscii(cur));
  if (!t.empty()) parts.push_back(t);
  return parts;
}

Metadata ExtractMetadata(const Page& page, const ContentSelection& content) {
  Metadata m;
  std::vector<std::string> parts = SplitTitle(page.title);
  std::string article_title = Meta(page, {"articletitle"});
  m.title_block = FindTitleBlock(page, content, parts, article_title);
  if (!article_title.empty())
    m.title = article_title;
  else if (m.title_block >= 0)
    m.title = page.blocks[m.title_block].text;
  else if (std::string og = Meta(page, {"og:title", "twitter:title"}); !og.empty())
    m.title = StripSiteSuffix(SplitTitle(og));
  else
    m.title = StripSiteSuffix(parts);

  m.published = FindPublished(page, content, m.title_block);
  m.site = Meta(page, {"sitename", "og:site_name", "application-name"});
  if (m.site.empty() && parts.size() > 1) m.site = parts.back();
  m.column = FindColumn(page);
  m.source = Meta(page, {"contentsource", "source"});
  // 来源 / 发布机构 lines near the title first; an author line there only when none names a source.
  for (std::initializer_list<std::string_view> labels :
       {std::initializer_list<std::string_view>{"来源", "发布机构", "信息来源"}, {"作者"}}) {
    if (!m.source.empty()) break;
    const int n = static_cast<int>(page.blocks.size());
    int anchor = m.title_block >= 0 ? m.title_block : content.begin;
    for (int i = std::max(0, anchor - kDateWindowBefore);
         i < std::min(n, anchor + kDateWindowAfter) && m.source.empty(); ++i)
      if (page.blocks[i].chars <= kMaxSourceLineChars)
        m.source = ValueAfterLabel(page.blocks[i].text, labels);
  }
  return m;
}

}  // namespace gongkai::extract
