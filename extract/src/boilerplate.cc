#include "boilerplate.h"

#include "text_util.h"

namespace gongkai::extract {

extern const char kShippedBoilerplatePatterns[];

namespace {

// Longer lines are prose: only `line` patterns are tried on them (this also bounds regex time).
constexpr std::size_t kMaxPhraseLineBytes = 400;

bool KindFromName(std::string_view name, PatternKind* kind) {
  if (name == "phrase")
    *kind = PatternKind::kPhrase;
  else if (name == "short")
    *kind = PatternKind::kShort;
  else if (name == "edge")
    *kind = PatternKind::kEdge;
  else if (name == "line")
    *kind = PatternKind::kLine;
  else
    return false;
  return true;
}

// A regex that can only match at the start of the text: it begins with `^` outside any group, and
// has no top-level alternative (`^a|b` also matches "b" anywhere). Such a regex is tried at the
// first position only (std::regex_search would otherwise try, and fail, at every position).
bool IsAnchoredAtStart(std::string_view regex) {
  if (regex.empty() || regex[0] != '^') return false;
  int depth = 0;
  bool in_class = false;
  for (std::size_t i = 1; i < regex.size(); ++i) {
    const char ch = regex[i];
    if (ch == '\\') {
      ++i;  // an escaped character is a literal
    } else if (in_class) {
      in_class = ch != ']';
    } else if (ch == '[') {
      in_class = true;
    } else if (ch == '(') {
      ++depth;
    } else if (ch == ')') {
      --depth;
    } else if (ch == '|' && depth == 0) {
      return false;
    }
  }
  return true;
}

}  // namespace

const BoilerplatePatterns& BoilerplatePatterns::Shipped() {
  static const BoilerplatePatterns* shipped = [] {
    auto* p = new BoilerplatePatterns;
    (void)p->Parse(kShippedBoilerplatePatterns);  // validated by the unit tests
    return p;
  }();
  return *shipped;
}

Status BoilerplatePatterns::Parse(std::string_view data) {
  int line_no = 0;
  while (!data.empty()) {
    std::size_t nl = data.find('\n');
    std::string_view line = data.substr(0, nl);
    data = nl == std::string_view::npos ? std::string_view() : data.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (text::TrimAscii(line).empty() || line[0] == '#') continue;
    std::size_t t1 = line.find('\t');
    std::size_t t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    Pattern p;
    if (t2 == std::string_view::npos || !KindFromName(line.substr(0, t1), &p.kind)) {
      return Status::InvalidArgument("boilerplate patterns line " + std::to_string(line_no) +
                                     ": expected KIND<TAB>TRIGGER<TAB>REGEX");
    }
    std::string trigger = text::ToLowerAscii(line.substr(t1 + 1, t2 - t1 - 1));
    for (std::size_t start = 0; trigger != "-" && start <= trigger.size();) {
      std::size_t bar = trigger.find('|', start);
      if (bar == std::string::npos) bar = trigger.size();
      if (bar > start) p.triggers.push_back(trigger.substr(start, bar - start));
      start = bar + 1;
    }
    const std::string_view source = line.substr(t2 + 1);
    p.anchored = IsAnchoredAtStart(source);
    try {
      p.regex = std::regex(std::string(source), std::regex::ECMAScript | std::regex::optimize);
    } catch (const std::regex_error& e) {
      return Status::InvalidArgument("boilerplate patterns line " + std::to_string(line_no) +
                                     ": bad regex: " + e.what());
    }
    patterns_.push_back(std::move(p));
    Index(static_cast<int>(patterns_.size()) - 1);
  }
  return Status::OK();
}

void BoilerplatePatterns::Index(int pattern) {
  const Pattern& p = patterns_[pattern];
  if (p.triggers.empty()) {
    untriggered_.push_back(pattern);
    return;
  }
  for (const std::string& t : p.triggers) {
    std::size_t pos = 0;
    char32_t first = text::NextCodePoint(t, &pos);
    if (first < 0x10000) first_char_bits_[first >> 6] |= std::uint64_t{1} << (first & 63);
    by_first_char_[first].push_back({t, pattern});
  }
}

Status BoilerplatePatterns::AddWholeLine(const std::vector<std::string>& patterns) {
  for (const std::string& s : patterns) {
    Pattern p;
    p.kind = PatternKind::kLine;
    p.whole_line = true;
    try {
      p.regex = std::regex(s, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      return Status::InvalidArgument("bad pattern '" + s + "': " + e.what());
    }
    patterns_.push_back(std::move(p));
    Index(static_cast<int>(patterns_.size()) - 1);
  }
  return Status::OK();
}

LineMatch BoilerplatePatterns::Match(std::string_view line) const {
  LineMatch m;
  if (base_) m = base_->Match(line);
  // Shipped patterns see the line with ASCII lower-cased (icase regexes are several times slower).
  const std::string lower = text::ToLowerAscii(line);
  std::string rest;  // `lower` less the phrases found so far (a copy made at the first one)
  bool rest_copied = false;
  bool any_phrase = false;
  const bool long_line = line.size() > kMaxPhraseLineBytes;
  // Per pattern: kNo, kTriggered (a trigger is in the line, or it has none), or kMaybe (a long
  // line's `line` pattern, whose triggers are looked for in the whole line).
  enum : char { kNo, kMaybe, kTriggered };
  std::vector<char> candidate(patterns_.size(), kNo);
  bool any = false;
  for (int k : untriggered_) {
    candidate[k] = kTriggered;
    any = true;
  }
  if (long_line)
    for (std::size_t k = 0; k < patterns_.size(); ++k)
      if (patterns_[k].kind == PatternKind::kLine && candidate[k] == kNo) candidate[k] = kMaybe, any = true;
  // One scan of the line: at each character that starts a trigger, the trigger is compared there.
  // A trigger is valid UTF-8 and the scan stops at every character, so this finds every trigger
  // std::string::find would.
  for (std::size_t i = 0; !long_line && i < lower.size();) {
    const std::size_t at = i;
    char32_t cp = text::NextCodePoint(lower, &i);
    if (cp < 0x10000 && !(first_char_bits_[cp >> 6] >> (cp & 63) & 1)) continue;
    auto it = by_first_char_.find(cp);
    if (it == by_first_char_.end()) continue;
    for (const Trigger& t : it->second) {
      if (candidate[t.pattern] != kTriggered && lower.compare(at, t.text.size(), t.text) == 0) {
        candidate[t.pattern] = kTriggered;
        any = true;
      }
    }
  }
  for (std::size_t k = 0; any && k < patterns_.size(); ++k) {
    if (candidate[k] == kNo) continue;
    const Pattern& p = patterns_[k];
    if (long_line && p.kind != PatternKind::kLine) continue;
    if (candidate[k] == kMaybe) {
      bool triggered = false;
      for (const std::string& t : p.triggers) triggered = triggered || lower.find(t) != std::string::npos;
      if (!triggered) continue;
    }
    const auto flags =
        p.anchored ? std::regex_constants::match_continuous : std::regex_constants::match_default;
    switch (p.kind) {
      case PatternKind::kPhrase: {
        const std::string& text = rest_copied ? rest : lower;
        if (std::regex_search(text, p.regex, flags)) {
          any_phrase = true;
          rest = std::regex_replace(text, p.regex, " ", flags);
          rest_copied = true;
        }
        break;
      }
      case PatternKind::kShort:
        if (!m.short_hit) m.short_hit = std::regex_search(lower, p.regex, flags);
        break;
      case PatternKind::kEdge:
        if (!m.edge_hit) m.edge_hit = std::regex_search(lower, p.regex, flags);
        break;
      case PatternKind::kLine:
        if (!m.line_hit) {
          if (p.whole_line)
            m.line_hit = std::regex_match(std::string(line), p.regex);
          else
            m.line_hit = std::regex_search(lower, p.regex, flags);
        }
        break;
    }
  }
  if (any_phrase && text::Count(rest).tokens <= 2) m.phrase_only = true;
  return m;
}

}  // namespace gongkai::extract
