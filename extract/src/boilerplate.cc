#include "boilerplate.h"

#include <re2/re2.h>

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

// The shipped patterns match bytes. RE2's own Latin-1 mode would do that, but Debian 12's RE2 misses
// matches there when alternatives share a leading non-ASCII byte ("(邮编|邮政编码)" finds nothing;
// google/re2 issue 477). So pattern and line are widened instead: every byte becomes the code point
// of the same value, in UTF-8, and RE2's UTF-8 mode then gives the byte semantics exactly (`.` and
// `\S` take one original byte, a literal matches the same bytes).
std::string Widen(std::string_view bytes) {
  std::size_t high = 0;
  for (const char ch : bytes) high += static_cast<unsigned char>(ch) >> 7;
  std::string out(bytes.size() + high, '\0');
  char* to = out.data();
  for (const char ch : bytes) {
    const auto byte = static_cast<unsigned char>(ch);
    if (byte < 0x80) {
      *to++ = ch;
    } else {
      *to++ = static_cast<char>(0xC0 | byte >> 6);
      *to++ = static_cast<char>(0x80 | (byte & 0x3F));
    }
  }
  return out;
}

// The inverse of Widen for its output (and for that output with ASCII replacements made in it).
std::string Narrow(std::string_view widened) {
  std::string out;
  out.reserve(widened.size());
  for (std::size_t i = 0; i < widened.size(); ++i) {
    const auto byte = static_cast<unsigned char>(widened[i]);
    if (byte < 0x80 || i + 1 == widened.size()) {
      out += widened[i];
    } else {
      out += static_cast<char>((byte & 0x1F) << 6 | (static_cast<unsigned char>(widened[i + 1]) & 0x3F));
      ++i;
    }
  }
  return out;
}

// Compiles `source` (UTF-8 syntax); null with *error set when it does not compile.
std::unique_ptr<const re2::RE2> Compile(const std::string& source, std::string* error) {
  re2::RE2::Options options;
  options.set_log_errors(false);
  auto regex = std::make_unique<const re2::RE2>(source, options);
  if (regex->ok()) return regex;
  *error = regex->error();
  return nullptr;
}

}  // namespace

BoilerplatePatterns::BoilerplatePatterns() = default;
BoilerplatePatterns::~BoilerplatePatterns() = default;

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
    std::string error;
    p.regex = Compile(Widen(line.substr(t2 + 1)), &error);
    if (p.regex == nullptr) {
      return Status::InvalidArgument("boilerplate patterns line " + std::to_string(line_no) +
                                     ": bad regex: " + error);
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
    std::string error;
    p.regex = Compile(s, &error);
    if (p.regex == nullptr) return Status::InvalidArgument("bad pattern '" + s + "': " + error);
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
  std::string wide;  // `lower` widened for the shipped patterns (made at the first one tried)
  std::string rest;  // `wide` less the phrases found so far (copied at the first phrase pattern tried)
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
    const re2::RE2& regex = *p.regex;
    if (!p.whole_line && wide.empty()) wide = Widen(lower);
    switch (p.kind) {
      case PatternKind::kPhrase:
        if (!rest_copied) {
          rest = wide;
          rest_copied = true;
        }
        if (re2::RE2::GlobalReplace(&rest, regex, " ") > 0) any_phrase = true;
        break;
      case PatternKind::kShort:
        if (!m.short_hit) m.short_hit = re2::RE2::PartialMatch(wide, regex);
        break;
      case PatternKind::kEdge:
        if (!m.edge_hit) m.edge_hit = re2::RE2::PartialMatch(wide, regex);
        break;
      case PatternKind::kLine:
        if (!m.line_hit) {
          m.line_hit = p.whole_line ? re2::RE2::FullMatch(re2::StringPiece(line.data(), line.size()), regex)
                                    : re2::RE2::PartialMatch(wide, regex);
        }
        break;
    }
  }
  if (any_phrase && text::Count(Narrow(rest)).tokens <= 2) m.phrase_only = true;
  return m;
}

}  // namespace gongkai::extract
