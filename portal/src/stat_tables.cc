// The template tables with generated numbers, laid out as portals lay them out (see stat_tables.h).
#include "stat_tables.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "util.h"

namespace gongkai::portal {
namespace {

using Kind = StatTruthCell::Kind;

const std::vector<std::string> kT3Columns = {"natural", "business",  "research", "social",
                                             "legal",   "other_org", "total"};
const std::vector<std::string> kT4Kinds = {"review", "suit_direct", "suit_after_review"};
const std::vector<std::string> kT4Outcomes = {"upheld", "corrected", "other", "pending", "total"};

// One 表三 row: its three label levels (equal neighbours merge into spans) and its row id.
struct T3Row {
  std::string level1, level2, leaf, id;
};

std::vector<T3Row> Table3Rows(std::string_view edition) {
  const std::string r3 = "三、本年度办理结果";
  std::vector<T3Row> rows = {
      {"一、本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量",
       "一、本年新收政府信息公开申请数量", "new"},
      {"二、上年结转政府信息公开申请数量", "二、上年结转政府信息公开申请数量",
       "二、上年结转政府信息公开申请数量", "carried_in"},
      {r3, "（一）予以公开", "（一）予以公开", "granted"},
      {r3, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
       "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partly"},
  };
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"1.属于国家秘密", "state_secret"},
      {"2.其他法律行政法规禁止公开", "law_forbidden"},
      {"3.危及“三安全一稳定”", "three_safety"},
      {"4.保护第三方合法权益", "third_party"},
      {"5.属于三类内部事务信息", "internal_affairs"},
      {"6.属于四类过程性信息", "process_info"},
      {"7.属于行政执法案卷", "enforcement_file"},
      {"8.属于行政查询事项", "query_item"}};
  for (const auto& [label, id] : refused) rows.push_back({r3, "（三）不予公开", label, "refused." + id});
  const std::vector<std::pair<std::string, std::string>> unable = {
      {"1.本机关不掌握相关政府信息", "not_held"},
      {"2.没有现成信息需要另行制作", "needs_creation"},
      {"3.补正后申请内容仍不明确", "unclear"}};
  for (const auto& [label, id] : unable) rows.push_back({r3, "（四）无法提供", label, "unable." + id});
  const std::vector<std::pair<std::string, std::string>> not_handled = {
      {"1.信访举报投诉类申请", "petition"},
      {"2.重复申请", "repeat"},
      {"3.要求提供公开出版物", "publication"},
      {"4.无正当理由大量反复申请", "massive"},
      {"5.要求行政机关确认或重新出具已获取信息", "confirm"}};
  for (const auto& [label, id] : not_handled)
    rows.push_back({r3, "（五）不予处理", label, "not_handled." + id});
  if (edition == "2019") {
    rows.push_back({r3, "（六）其他处理", "（六）其他处理", "other"});
  } else {
    rows.push_back({r3, "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                    "other.no_correction"});
    rows.push_back({r3, "（六）其他处理",
                    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                    "other.no_fee"});
    rows.push_back({r3, "（六）其他处理", "3.其他", "other.other"});
  }
  rows.push_back({r3, "（七）总计", "（七）总计", "total"});
  rows.push_back(
      {"四、结转下年度继续办理", "四、结转下年度继续办理", "四、结转下年度继续办理", "carried_over"});
  return rows;
}

struct T2Row {
  std::string section, label, id;
  std::vector<std::string> columns;
};

std::vector<T2Row> Table2Rows(std::string_view edition) {
  if (edition == "2019")
    return {{"第二十条第（一）项", "规章", "regulations", {"made", "published", "total_published"}},
            {"第二十条第（一）项", "规范性文件", "normative", {"made", "published", "total_published"}},
            {"第二十条第（五）项", "行政许可", "licensing", {"prev_items", "change", "decisions"}},
            {"第二十条第（五）项",
             "其他对外管理服务事项",
             "other_services",
             {"prev_items", "change", "decisions"}},
            {"第二十条第（六）项", "行政处罚", "punishment", {"prev_items", "change", "decisions"}},
            {"第二十条第（六）项", "行政强制", "coercion", {"prev_items", "change", "decisions"}},
            {"第二十条第（八）项", "行政事业性收费", "fees", {"prev_items", "change"}},
            {"第二十条第（九）项", "政府集中采购", "procurement", {"items", "amount_10k_yuan"}}};
  return {{"第二十条第（一）项", "规章", "regulations", {"made", "repealed", "in_force"}},
          {"第二十条第（一）项", "行政规范性文件", "normative", {"made", "repealed", "in_force"}},
          {"第二十条第（五）项", "行政许可", "licensing", {"decisions"}},
          {"第二十条第（六）项", "行政处罚", "punishment", {"decisions"}},
          {"第二十条第（六）项", "行政强制", "coercion", {"decisions"}},
          {"第二十条第（八）项", "行政事业性收费", "fees", {"amount_10k_yuan"}}};
}

std::vector<std::string> Table2Header(std::string_view edition, const std::string& section) {
  if (edition == "2019") {
    if (section == "第二十条第（一）项") return {"信息内容", "本年新制作", "本年新公开", "对外公开总数量"};
    if (section == "第二十条第（八）项") return {"信息内容", "上一年项目数量", "本年增/减", ""};
    if (section == "第二十条第（九）项") return {"信息内容", "采购项目数量", "采购总金额（单位：万元）", ""};
    return {"信息内容", "上一年项目数量", "本年增/减", "处理决定数量"};
  }
  if (section == "第二十条第（一）项") return {"信息内容", "本年制发件数", "本年废止件数", "现行有效件数"};
  if (section == "第二十条第（八）项") return {"信息内容", "本年收费金额（单位：万元）"};
  return {"信息内容", "本年处理决定数量"};
}

// --- numbers -------------------------------------------------------------------------------------

std::map<std::string, double> Numbers(std::string_view edition, StatMarkup markup, Rng& rng) {
  std::map<std::string, double> v;
  std::vector<T3Row> rows = Table3Rows(edition);
  for (std::size_t c = 0; c + 1 < kT3Columns.size(); ++c) {
    const std::string& col = kT3Columns[c];
    const int odds = c == 0 ? 3 : 8;  // natural persons apply most
    double total = 0;
    for (const T3Row& r : rows) {
      if (r.id == "new" || r.id == "carried_in" || r.id == "total" || r.id == "carried_over") continue;
      double x = 0;
      if (r.id == "granted")
        x = rng.Uniform(0, c == 0 ? 60 : 6);
      else if (rng.Uniform(1, odds) == 1)
        x = rng.Uniform(1, 5);
      if (markup == StatMarkup::kSeparators && r.id == "granted" && c == 0) x += 1200 + rng.Uniform(0, 2000);
      v["t3." + r.id + "." + col] = x;
      total += x;
    }
    double out = rng.Uniform(1, 3) == 1 ? rng.Uniform(0, 3) : 0;
    double in = rng.Uniform(1, 3) == 1 ? rng.Uniform(0, static_cast<int>(std::min(total + out, 4.0))) : 0;
    v["t3.total." + col] = total;
    v["t3.carried_over." + col] = out;
    v["t3.carried_in." + col] = in;
    v["t3.new." + col] = total + out - in;
  }
  for (const T3Row& r : rows) {
    double sum = 0;
    for (std::size_t c = 0; c + 1 < kT3Columns.size(); ++c) sum += v["t3." + r.id + "." + kT3Columns[c]];
    v["t3." + r.id + ".total"] = sum;
  }
  for (const std::string& k : kT4Kinds) {
    double sum = 0;
    for (std::size_t o = 0; o + 1 < kT4Outcomes.size(); ++o) {
      double x = rng.Uniform(0, 1) ? rng.Uniform(0, 4) : 0;
      v["t4." + k + "." + kT4Outcomes[o]] = x;
      sum += x;
    }
    v["t4." + k + ".total"] = sum;
  }
  for (const T2Row& r : Table2Rows(edition)) {
    for (const std::string& c : r.columns) {
      double x = 0;
      if (c == "made" || c == "repealed" || c == "published")
        x = rng.Uniform(0, 4);
      else if (c == "in_force" || c == "total_published")
        x = rng.Uniform(5, 60);
      else if (c == "decisions")
        x = rng.Uniform(0, 1) ? rng.Uniform(100, 30000) : rng.Uniform(0, 90);
      else if (c == "prev_items" || c == "items")
        x = rng.Uniform(0, 300);
      else if (c == "change")
        x = rng.Uniform(-20, 20);
      else if (c == "amount_10k_yuan")
        x = rng.Uniform(0, 500000) / 100.0;
      if (markup == StatMarkup::kSeparators && c == "decisions") x += 1000;
      v["t2." + r.id + "." + c] = x;
    }
  }
  return v;
}

// --- printing ------------------------------------------------------------------------------------

std::string Plain(double x, bool signed_change) {
  char buf[48];
  if (std::fabs(x - std::round(x)) < 1e-9)
    std::snprintf(buf, sizeof buf, "%.0f", std::fabs(x));
  else
    std::snprintf(buf, sizeof buf, "%.2f", std::fabs(x));
  std::string s = buf;
  if (signed_change && x > 0) return "增" + s;
  if (signed_change && x < 0) return "减" + s;
  if (x < 0) return "-" + s;
  return s;
}

std::string WithSeparators(const std::string& digits, const std::string& sep) {
  std::size_t dot = digits.find('.');
  std::string whole = digits.substr(0, dot), frac = dot == std::string::npos ? "" : digits.substr(dot);
  std::string out;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += sep;
    out += whole[i];
  }
  return out + frac;
}

std::string FullWidth(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9')
      out += std::string("\xEF\xBC") + static_cast<char>(0x90 + (c - '0'));
    else if (c == '.')
      out += "．";
    else
      out += c;
  }
  return out;
}

struct Printer {
  StatMarkup markup;
  Rng& rng;
  StatTables* truth;
  int counter = 0;

  // The printed text of cell `id` with value x; records what a reader must answer.
  std::string Print(const std::string& id, double x) {
    ++counter;
    bool change = id.size() > 7 && id.compare(id.size() - 7, 7, ".change") == 0;
    bool total = id.find(".total") != std::string::npos || id.compare(0, 8, "t3.total") == 0 ||
                 id.find("carried") != std::string::npos || id.find("t3.new.") == 0;
    StatTruthCell cell{Kind::kNumber, x};
    std::string s = Plain(x, change);
    switch (markup) {
      case StatMarkup::kFullWidth:
        s = FullWidth(s);
        break;
      case StatMarkup::kSeparators:
        if (std::fabs(x) >= 1000) s = WithSeparators(s, counter % 2 ? "," : "，");
        break;
      case StatMarkup::kFootnotes:
        if (x != 0 && counter % 5 == 0) s += counter % 2 ? "*" : "①";
        break;
      case StatMarkup::kNullMarks:
        if (x == 0 && !total && rng.Uniform(0, 2) == 0) {
          static const std::vector<std::string> kMarks = {"/", "—", "－", "不适用", "／", "——"};
          s = rng.Pick(kMarks);
          cell = {Kind::kNull, 0};
        }
        break;
      case StatMarkup::kEmptyCells:
        if (x == 0 && !total && id.compare(0, 3, "t3.") == 0 && rng.Uniform(0, 2) == 0) {
          s = "";
          cell = {Kind::kEmpty, 0};
        }
        break;
      case StatMarkup::kUnits:
        if (id.find("amount_10k_yuan") != std::string::npos)
          s += "万元";
        else if (id.compare(0, 3, "t2.") != 0)
          s += "件";
        break;
      default:
        break;
    }
    truth->cells[id] = cell;
    return s;
  }
};

// --- layout --------------------------------------------------------------------------------------

// A grid of cells before layout. Label cells with equal neighbours merge into rowspan/colspan (Spans)
// or are printed once (Flat); a value never merges, except one value printed across a row ("spread").
struct GCell {
  std::string text;
  bool value = false;
  bool spread = false;
};
using Grid = std::vector<std::vector<GCell>>;

std::vector<GCell> Labels(const std::vector<std::string>& texts) {
  std::vector<GCell> row;
  for (const std::string& t : texts) row.push_back({t});
  return row;
}

bool Mergeable(const GCell& a, const GCell& b) {
  return a.text == b.text && ((!a.value && !b.value) || (a.spread && b.spread));
}

std::vector<std::vector<Cell>> Spans(const Grid& g) {
  std::vector<std::vector<Cell>> out(g.size());
  std::vector<std::vector<bool>> used(g.size());
  for (std::size_t r = 0; r < g.size(); ++r) used[r].assign(g[r].size(), false);
  for (std::size_t r = 0; r < g.size(); ++r) {
    for (std::size_t c = 0; c < g[r].size(); ++c) {
      if (used[r][c]) continue;
      std::size_t cs = 1;
      while (c + cs < g[r].size() && !used[r][c + cs] && Mergeable(g[r][c], g[r][c + cs])) ++cs;
      std::size_t rs = 1;
      while (!g[r][c].value && r + rs < g.size()) {
        const auto& below = g[r + rs];
        bool same = below.size() >= c + cs;
        for (std::size_t k = 0; same && k < cs; ++k)
          same = !used[r + rs][c + k] && !below[c + k].value && below[c + k].text == g[r][c].text;
        if (same && c + cs < below.size() && !below[c + cs].value && below[c + cs].text == g[r][c].text)
          same = false;
        if (same && c > 0 && !below[c - 1].value && below[c - 1].text == g[r][c].text && !used[r + rs][c - 1])
          same = false;
        if (!same) break;
        ++rs;
      }
      for (std::size_t dr = 0; dr < rs; ++dr)
        for (std::size_t dc = 0; dc < cs; ++dc) used[r + dr][c + dc] = true;
      out[r].push_back({g[r][c].text, static_cast<int>(rs), static_cast<int>(cs)});
    }
  }
  return out;
}

std::vector<std::vector<Cell>> Flat(const Grid& g) {
  std::vector<std::vector<Cell>> out(g.size());
  for (std::size_t r = 0; r < g.size(); ++r) {
    for (std::size_t c = 0; c < g[r].size(); ++c) {
      const GCell& x = g[r][c];
      if (c > 0 && Mergeable(g[r][c - 1], x)) continue;  // a horizontal repeat
      if (!x.value && r > 0 && g[r - 1].size() > c && !g[r - 1][c].value && g[r - 1][c].text == x.text)
        continue;
      out[r].push_back({x.text});
    }
  }
  return out;
}

Block TableBlock(const Grid& g, StatMarkup markup) {
  Block b{Block::Kind::kTable, "", {}};
  b.rows = markup == StatMarkup::kFlat ? Flat(g) : Spans(g);
  return b;
}

Grid Table3Header() {
  const std::string j = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
  return {
      Labels({j, j, j, "申请人情况", "申请人情况", "申请人情况", "申请人情况", "申请人情况", "申请人情况",
              "申请人情况"}),
      Labels({j, j, j, "自然人", "法人或其他组织", "法人或其他组织", "法人或其他组织", "法人或其他组织",
              "法人或其他组织", "总计"}),
      Labels({j, j, j, "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"})};
}

Grid Table4Header() {
  std::vector<std::string> r0, r1, r2;
  for (int i = 0; i < 5; ++i) r0.push_back("行政复议");
  for (int i = 0; i < 10; ++i) r0.push_back("行政诉讼");
  for (const char* o : {"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"})
    r1.push_back(o), r2.push_back(o);
  for (int i = 0; i < 5; ++i) r1.push_back("未经复议直接起诉");
  for (int i = 0; i < 5; ++i) r1.push_back("复议后起诉");
  for (int k = 0; k < 2; ++k)
    for (const char* o : {"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}) r2.push_back(o);
  return {Labels(r0), Labels(r1), Labels(r2)};
}

}  // namespace

std::vector<StatMarkup> AllStatMarkups() {
  return {StatMarkup::kStandard,  StatMarkup::kSplit,         StatMarkup::kFlat,
          StatMarkup::kTheadTh,   StatMarkup::kFullWidth,     StatMarkup::kSeparators,
          StatMarkup::kFootnotes, StatMarkup::kNullMarks,     StatMarkup::kEmptyCells,
          StatMarkup::kUnits,     StatMarkup::kVerticalTable4};
}

const char* ToString(StatMarkup markup) {
  switch (markup) {
    case StatMarkup::kStandard:
      return "standard";
    case StatMarkup::kSplit:
      return "split";
    case StatMarkup::kFlat:
      return "flat";
    case StatMarkup::kTheadTh:
      return "thead-th";
    case StatMarkup::kFullWidth:
      return "full-width";
    case StatMarkup::kSeparators:
      return "separators";
    case StatMarkup::kFootnotes:
      return "footnotes";
    case StatMarkup::kNullMarks:
      return "null-marks";
    case StatMarkup::kEmptyCells:
      return "empty-cells";
    case StatMarkup::kUnits:
      return "units";
    case StatMarkup::kVerticalTable4:
      return "vertical-table4";
  }
  return "standard";
}

std::vector<Block> StatTableBlocks(std::string_view edition, StatMarkup markup, uint64_t seed,
                                   bool break_rules, StatTables* truth) {
  Rng rng(MixSeed(seed, edition == "2019" ? 2019 : 2021, static_cast<uint64_t>(markup)));
  truth->edition = std::string(edition);
  truth->cells.clear();
  truth->broken_rules.clear();
  std::map<std::string, double> v = Numbers(edition, markup, rng);
  if (break_rules) {
    v["t3.total.natural"] += 1;  // (七)总计 no longer adds up, nor balances, nor is the row's sum
    v["t4.review.total"] += 2;
    truth->broken_rules = {"t3.balance.natural", "t3.total_sum.natural", "t3.column_sum.total",
                           "t4.sum.review", "text.applications"};
  }
  Printer p{markup, rng, truth};
  std::vector<Block> blocks;

  // 表二
  blocks.push_back({Block::Kind::kHeading, "二、主动公开政府信息情况", {}});
  const std::size_t width2 = 4;
  Grid g2;
  std::string section;
  auto flush2 = [&]() {
    if (g2.empty()) return;
    blocks.push_back(TableBlock(g2, markup));
    g2.clear();
  };
  for (const T2Row& r : Table2Rows(edition)) {
    if (r.section != section) {
      if (markup == StatMarkup::kSplit) flush2();
      section = r.section;
      g2.push_back(Labels(std::vector<std::string>(width2, section)));
      std::vector<std::string> head = Table2Header(edition, section);
      while (head.size() < width2) head.push_back(head.back());  // one header over the value columns
      g2.push_back(Labels(head));
    }
    std::vector<GCell> row = {{r.label}};
    for (const std::string& c : r.columns)
      row.push_back(
          {p.Print("t2." + r.id + "." + c, v["t2." + r.id + "." + c]), true, r.columns.size() == 1});
    while (row.size() < width2) row.push_back(r.columns.size() == 1 ? row.back() : GCell{"", true});
    g2.push_back(row);
  }
  flush2();

  // 表三
  blocks.push_back({Block::Kind::kHeading, "三、收到和处理政府信息公开申请情况", {}});
  double quoted = v["t3.new.total"] + (break_rules ? 2 : 0);
  blocks.push_back({Block::Kind::kParagraph,
                    "本年度共收到政府信息公开申请" + Plain(quoted, false) + "件，上年结转" +
                        Plain(v["t3.carried_in.total"], false) + "件，均已按时答复。",
                    {}});
  Grid g3 = Table3Header();
  std::vector<T3Row> rows = Table3Rows(edition);
  std::size_t split_at = markup == StatMarkup::kSplit ? 12 : rows.size();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i == split_at) {  // a page break: the rest in a new table under the same header
      blocks.push_back(TableBlock(g3, markup));
      g3 = Table3Header();
    }
    const T3Row& r = rows[i];
    std::vector<GCell> row = Labels({r.level1, r.level2, r.leaf});
    for (const std::string& c : kT3Columns)
      row.push_back({p.Print("t3." + r.id + "." + c, v["t3." + r.id + "." + c]), true});
    g3.push_back(row);
  }
  blocks.push_back(TableBlock(g3, markup));
  if (markup == StatMarkup::kFootnotes)
    blocks.push_back({Block::Kind::kParagraph, "注：带*号、①号的数据含跨部门转办申请。", {}});

  // 表四
  blocks.push_back({Block::Kind::kHeading, "四、政府信息公开行政复议、行政诉讼情况", {}});
  blocks.push_back({Block::Kind::kParagraph,
                    "本年度被申请行政复议" + Plain(v["t4.review.total"], false) + "件，被提起行政诉讼" +
                        Plain(v["t4.suit_direct.total"] + v["t4.suit_after_review.total"], false) + "件。",
                    {}});
  if (markup == StatMarkup::kVerticalTable4) {
    Grid g4;
    const std::vector<std::pair<std::string, std::string>> kinds = {
        {"行政复议", "行政复议"},
        {"行政诉讼（未经复议直接起诉）", "未经复议直接起诉"},
        {"行政诉讼（复议后起诉）", "复议后起诉"}};
    const std::vector<std::string> outcomes = {"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"};
    g4.push_back(Labels({"类别", "结果", "数量"}));
    for (std::size_t k = 0; k < kT4Kinds.size(); ++k)
      for (std::size_t o = 0; o < kT4Outcomes.size(); ++o) {
        std::string id = "t4." + kT4Kinds[k] + "." + kT4Outcomes[o];
        g4.push_back({{kinds[k].first}, {outcomes[o]}, {p.Print(id, v[id]), true}});
      }
    blocks.push_back(TableBlock(g4, markup));
  } else {
    Grid g4 = Table4Header();
    std::vector<GCell> values;
    for (const std::string& k : kT4Kinds)
      for (const std::string& o : kT4Outcomes)
        values.push_back({p.Print("t4." + k + "." + o, v["t4." + k + "." + o]), true});
    g4.push_back(values);
    blocks.push_back(TableBlock(g4, markup));
  }
  return blocks;
}

StatTables GenerateStatTables(std::string_view edition, StatMarkup markup, uint64_t seed, bool break_rules) {
  StatTables t;
  std::vector<Block> blocks = StatTableBlocks(edition, markup, seed, break_rules, &t);
  t.html = BlocksToHtml(blocks, "<p>");
  if (markup == StatMarkup::kTheadTh) {
    // Header rows as <th> inside <thead>: the first rows of each table whose cells are all text.
    std::string out;
    std::size_t pos = 0;
    while (true) {
      std::size_t tb = t.html.find("<tbody>\n", pos);
      if (tb == std::string::npos) break;
      out += t.html.substr(pos, tb - pos);
      std::size_t first = t.html.find("</tr>\n", tb);
      std::string head = t.html.substr(tb + 8, first + 6 - (tb + 8));
      for (std::size_t k; (k = head.find("<td")) != std::string::npos;) head.replace(k, 3, "<th");
      for (std::size_t k; (k = head.find("</td>")) != std::string::npos;) head.replace(k, 5, "</th>");
      out += "<thead>\n" + head + "</thead><tbody>\n";
      pos = first + 6;
    }
    t.html = out + t.html.substr(pos);
  }
  t.text = BlocksToText(blocks);
  return t;
}

}  // namespace gongkai::portal

namespace gongkai::portal {

const std::vector<StatMarkup>& PageStatMarkups() {
  static const std::vector<StatMarkup> kPage = [] {
    std::vector<StatMarkup> v;
    for (StatMarkup m : AllStatMarkups())
      if (m != StatMarkup::kTheadTh) v.push_back(m);
    return v;
  }();
  return kPage;
}

bool ReportStatTables(const ReportModel& report, StatTables* truth) {
  if (!report.stats_table) return false;
  StatMarkup markup =
      PageStatMarkups()[static_cast<std::size_t>(report.stats_markup) % PageStatMarkups().size()];
  std::vector<Block> blocks =
      StatTableBlocks(report.stats_edition, markup, report.seed, report.stats_break, truth);
  truth->html = BlocksToHtml(blocks, "<p>");
  truth->text = BlocksToText(blocks);
  return true;
}

void ReplaceStatTables(const ReportModel& report, std::vector<Block>* blocks) {
  static const std::vector<std::string> kHeadings = {"二、主动公开政府信息情况",
                                                     "三、收到和处理政府信息公开申请情况",
                                                     "四、政府信息公开行政复议、行政诉讼情况"};
  std::vector<Block> kept;
  std::size_t insert_at = std::string::npos;
  for (Block& b : *blocks) {
    bool heading = b.kind == Block::Kind::kHeading &&
                   std::find(kHeadings.begin(), kHeadings.end(), b.text) != kHeadings.end();
    if (b.kind == Block::Kind::kTable || heading) {
      if (insert_at == std::string::npos) insert_at = kept.size();
      continue;
    }
    kept.push_back(std::move(b));
  }
  if (insert_at == std::string::npos) insert_at = kept.size();
  std::vector<Block> tables;
  if (report.stats_in_attachment) {
    tables.push_back(
        {Block::Kind::kParagraph,
         "本机关主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况的统计表详见附件。",
         {}});
  } else {
    StatTables ignored;
    StatMarkup markup =
        PageStatMarkups()[static_cast<std::size_t>(report.stats_markup) % PageStatMarkups().size()];
    tables = StatTableBlocks(report.stats_edition, markup, report.seed, report.stats_break, &ignored);
  }
  kept.insert(kept.begin() + static_cast<std::ptrdiff_t>(insert_at), tables.begin(), tables.end());
  *blocks = std::move(kept);
}

}  // namespace gongkai::portal
