// AnnotateReport(): what a report is about — the year it covers (from its title and body, never its
// publication date), the body that published it — and its standard tables (statistics_read.cc).
#include <array>

#include "extract/extractor.h"
#include "statistics_internal.h"
#include "text_util.h"

namespace gongkai::extract {
namespace {

// Report years outside this range are misreadings (the disclosure regulation dates from 2008).
constexpr int kFirstReportYear = 2000;
constexpr int kLastReportYear = 2099;
// The body's first characters hold the title repeated, the 统计期限 sentence and "公布YYYY年度".
constexpr std::size_t kBodyYearWindowBytes = 3000;
// An agency name longer than this is a sentence, not a name.
constexpr int kMaxAgencyChars = 40;

bool Has(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

// The year written at byte `p` (4 ASCII or full-width digits, or 二〇二三 style), its length in *len.
std::optional<int> YearAt(std::string_view s, std::size_t p, std::size_t* len) {
  int year = 0, digits = 0;
  std::size_t i = p;
  while (digits < 4 && i < s.size()) {
    std::size_t at = i;
    char32_t cp = text::NextCodePoint(s, &i);
    int d = -1;
    if (cp >= '0' && cp <= '9')
      d = static_cast<int>(cp - '0');
    else if (cp >= 0xFF10 && cp <= 0xFF19)
      d = static_cast<int>(cp - 0xFF10);
    else {
      static constexpr std::array<char32_t, 10> kHan = {0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB,
                                                        0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D};
      for (int k = 0; k < 10; ++k)
        if (cp == kHan[k]) d = k;
      if (cp == 0x25CB || cp == 0x96F6 || cp == 0xFF2F || cp == 'O') d = 0;  // ○ 零 as zero
    }
    if (d < 0) {
      i = at;
      break;
    }
    year = year * 10 + d;
    ++digits;
  }
  if (digits != 4 || year < kFirstReportYear || year > kLastReportYear) return std::nullopt;
  *len = i - p;
  return year;
}

// The first "YYYY年" in `s` whose following text satisfies `ok` (given the text after "年").
template <typename Pred>
std::optional<int> FindYear(std::string_view s, Pred ok, std::size_t* at = nullptr) {
  for (std::size_t p = 0; p < s.size();) {
    std::size_t len = 0;
    bool boundary = p == 0 || !(s[p - 1] >= '0' && s[p - 1] <= '9');
    if (std::optional<int> y = boundary ? YearAt(s, p, &len) : std::nullopt) {
      std::string_view rest = s.substr(p + len);
      if (rest.substr(0, 3) == "年" && ok(rest.substr(3))) {
        if (at) *at = p;
        return y;
      }
      p += len;
      continue;
    }
    text::NextCodePoint(s, &p);
  }
  return std::nullopt;
}

bool LooksLikeReport(const Extraction& e) {
  return Has(e.title, "报告") || Has(e.title, "年报") || e.statistics ||
         Has(std::string_view(e.text).substr(0, kBodyYearWindowBytes), "统计期限");
}

}  // namespace

std::optional<int> FindReportYear(std::string_view title, std::string_view body) {
  // "…2022年政府信息公开工作年度报告", "2022年度…年报": the year the title names (not a date in it).
  std::optional<int> y = FindYear(title, [](std::string_view rest) {
    return !(rest.size() > 0 && ((rest[0] >= '0' && rest[0] <= '9') || rest.substr(0, 3) == "第"));
  });
  if (y) return y;
  std::string_view head = body.substr(0, kBodyYearWindowBytes);
  // "统计期限自2023年1月1日起至2023年12月31日止" / "统计时间为2023年1月1日至…"
  for (std::string_view key : {"统计期限", "统计时间", "统计区间", "统计周期"}) {
    std::size_t p = head.find(key);
    if (p == std::string_view::npos) continue;
    std::string_view after = head.substr(p, 60);
    if (std::optional<int> v = FindYear(after, [](std::string_view) { return true; })) return v;
  }
  // "…2022年政府信息公开工作年度报告" repeated in the body, "公布2022年度…报告".
  y = FindYear(head, [](std::string_view rest) {
    return rest.substr(0, 3) == "度" || rest.substr(0, 18) == "政府信息公开" ||
           rest.substr(0, 12) == "政务公开";
  });
  return y;
}

std::string FindAgency(std::string_view title, std::string_view source, std::string_view column,
                       std::string* from) {
  std::string ignored;
  if (from == nullptr) from = &ignored;
  *from = kAgencySourceTitle;
  auto org_like = [](std::string_view s) {
    static constexpr std::array<std::string_view, 24> kEnds = {
        "政府", "局", "委员会", "委", "办公室", "办", "厅", "署", "院", "中心", "街道办事处", "街道",
        "镇",   "乡", "管委会", "所", "站",     "队", "会", "部", "处", "馆",   "公司",       "集团"};
    if (s.empty() || text::Count(s).chars > kMaxAgencyChars || Has(s, "本站") || Has(s, "原创") ||
        Has(s, "年度报告"))
      return false;
    for (std::string_view e : kEnds)
      if (s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0) return true;
    return false;
  };
  // The title's prefix: "昆明市晋宁区人民政府2020年…", "XX局关于2020年…", "XX局政府信息公开工作年度报告".
  std::string t = stats::NormalizeLabel(title);
  std::size_t cut = std::string::npos;
  std::size_t at = 0;
  if (FindYear(
          t, [](std::string_view) { return true; }, &at))
    cut = at;
  for (std::string_view stop : {"关于", "政府信息公开", "政务公开"}) {
    std::size_t p = t.find(stop);
    if (p != std::string::npos && p < cut) cut = p;
  }
  std::string prefix = cut == std::string::npos ? "" : t.substr(0, cut);
  if (org_like(prefix)) return prefix;
  // "2023年度XX局政府信息公开工作年度报告": the name between the year and 政府信息公开.
  if (cut == at && FindYear(
                       t, [](std::string_view) { return true; }, &at)) {
    std::size_t from = t.find("年", at) + 3;
    if (t.compare(from, 3, "度") == 0) from += 3;
    std::size_t to = t.find("政府信息公开", from);
    if (to == std::string::npos) to = t.find("政务公开", from);
    if (to != std::string::npos) {
      std::string middle = t.substr(from, to - from);
      if (org_like(middle)) return middle;
    }
  }
  std::string src = stats::NormalizeLabel(source);
  *from = kAgencySourcePage;
  if (org_like(src)) return src;
  std::string col = stats::NormalizeLabel(column);
  *from = kAgencySourcePageColumn;
  if (org_like(col)) return col;
  from->clear();
  return "";
}

void AnnotateReport(Extraction* e) {
  e->statistics.reset();
  std::optional<int> year = FindReportYear(e->title, e->text);
  e->statistics = ReadStatistics(e->tables, e->text, year);
  e->report_year = LooksLikeReport(*e) ? year : std::nullopt;
  e->agency_source.clear();
  e->agency = LooksLikeReport(*e) ? FindAgency(e->title, e->source, e->column, &e->agency_source) : "";
  if (e->agency.empty()) e->agency_source.clear();
}

}  // namespace gongkai::extract
