#include "boilerplate.h"

#include <re2/re2.h>

#include <array>
#include <bit>
#include <cstring>

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

// 'A'-'Z' to 'a'-'z', as text::ToLowerAscii does; other bytes as they are.
unsigned char FoldAscii(unsigned char byte) {
  return static_cast<unsigned>(byte - 'A') < 26 ? static_cast<unsigned char>(byte + ('a' - 'A')) : byte;
}

// The shipped patterns match bytes. RE2's own Latin-1 mode would do that, but Debian 12's RE2 misses
// matches there when alternatives share a leading non-ASCII byte ("(邮编|邮政编码)" finds nothing;
// google/re2 issue 477). So pattern and line are widened instead: every byte becomes the code point
// of the same value, in UTF-8, and RE2's UTF-8 mode then gives the byte semantics exactly (`.` and
// `\S` take one original byte, a literal matches the same bytes).
// `fold_ascii`: 'A'-'Z' are lower-cased as well (the line, never a pattern: "\S" is not "\s"), in
// the same pass, without a lower-cased copy.
std::string Widen(std::string_view bytes, bool fold_ascii = false) {
  std::size_t high = 0, i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, bytes.data() + i, sizeof word);
    // The high bits moved to the bottom of each byte, then summed into the top byte.
    high += ((word & 0x8080808080808080ULL) >> 7) * 0x0101010101010101ULL >> 56;
  }
  for (; i < bytes.size(); ++i) high += static_cast<unsigned char>(bytes[i]) >> 7;
  std::string out(bytes.size() + high, '\0');
  char* to = out.data();
  for (const char ch : bytes) {
    const auto byte = static_cast<unsigned char>(ch);
    if (byte < 0x80) {
      *to++ = static_cast<char>(fold_ascii ? FoldAscii(byte) : byte);
    } else {
      *to++ = static_cast<char>(0xC0 | byte >> 6);
      *to++ = static_cast<char>(0x80 | (byte & 0x3F));
    }
  }
  return out;
}

// Whether `s` is well-formed UTF-8 (a U+FFFD in it is spelled out, not a stand-in for a bad byte).
bool IsUtf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t at = i;
    if (text::NextCodePoint(s, &i) == 0xFFFD && i - at != 3) return false;
  }
  return true;
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
    if (!IsUtf8(trigger)) {
      return Status::InvalidArgument("boilerplate patterns line " + std::to_string(line_no) +
                                     ": trigger is not UTF-8");
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
  const std::size_t words = (patterns_.size() + 63) / 64;
  untriggered_bits_.resize(words, 0);
  line_kind_bits_.resize(words, 0);
  const std::uint64_t bit = std::uint64_t{1} << (pattern & 63);
  if (p.kind == PatternKind::kLine) line_kind_bits_[pattern >> 6] |= bit;
  if (p.triggers.empty()) untriggered_bits_[pattern >> 6] |= bit;
  for (const std::string& t : p.triggers) {
    all_triggers_.Add(t, pattern);
    if (p.kind == PatternKind::kLine) line_triggers_.Add(t, pattern);
  }
}

void BoilerplatePatterns::TriggerIndex::Add(const std::string& trigger, int pattern) {
  std::size_t pos = 0;
  const char32_t first = text::NextCodePoint(trigger, &pos);
  if (first >= 0x10000) {
    astral_triggers_[first].push_back({trigger, pattern});
    return;
  }
  const std::size_t w = first >> 6;
  const std::uint64_t bit = std::uint64_t{1} << (first & 63);
  const std::size_t rank = bits_before_[w] + std::popcount(bmp_bits_[w] & (bit - 1));
  if ((bmp_bits_[w] & bit) == 0) {
    bmp_bits_[w] |= bit;
    bmp_triggers_.emplace(bmp_triggers_.begin() + rank);
    for (std::size_t later = w + 1; later < bits_before_.size(); ++later) ++bits_before_[later];
  }
  bmp_triggers_[rank].push_back({trigger, pattern});
}

void BoilerplatePatterns::TriggerIndex::Find(std::string_view line, std::uint64_t* patterns) const {
  const auto* bytes = reinterpret_cast<const unsigned char*>(line.data());
  for (std::size_t i = 0; i < line.size();) {
    // Most of a line is Han text, 3-byte sequences. One whose 64-code-point block (the lead byte's
    // low bits and the second byte's, which is the bmp_bits_ word) starts no trigger is skipped
    // undecoded. Only leads whose every sequence with two continuation bytes is well formed (not
    // E0: overlong forms; not ED: surrogates) take this path, so it skips exactly the characters
    // NextCodePoint would have decoded, and none it would have split into U+FFFD.
    if (const unsigned char lead = bytes[i];
        lead >= 0xE1 && lead <= 0xEF && lead != 0xED && i + 2 < line.size()) {
      const unsigned char second = bytes[i + 1], third = bytes[i + 2];
      if ((second & 0xC0) == 0x80 && (third & 0xC0) == 0x80 &&
          bmp_bits_[static_cast<std::size_t>(lead & 0x0F) << 6 | (second & 0x3F)] == 0) {
        i += 3;
        continue;
      }
    }
    const std::size_t at = i;
    char32_t cp = text::NextCodePoint(line, &i);
    const std::vector<Trigger>* triggers;
    if (cp < 0x10000) {
      if (cp < 0x80) cp = FoldAscii(static_cast<unsigned char>(cp));
      const std::uint64_t word = bmp_bits_[cp >> 6];
      if (!(word >> (cp & 63) & 1)) continue;
      const std::uint64_t below = word & ((std::uint64_t{1} << (cp & 63)) - 1);
      triggers = &bmp_triggers_[bits_before_[cp >> 6] + std::popcount(below)];
    } else {
      auto it = astral_triggers_.find(cp);
      if (it == astral_triggers_.end()) continue;
      triggers = &it->second;
    }
    for (const Trigger& t : *triggers) {
      std::uint64_t& word = patterns[t.pattern >> 6];
      const std::uint64_t bit = std::uint64_t{1} << (t.pattern & 63);
      if ((word & bit) != 0 || line.size() - at < t.text.size()) continue;
      std::size_t k = 0;
      while (k < t.text.size() &&
             FoldAscii(static_cast<unsigned char>(line[at + k])) == static_cast<unsigned char>(t.text[k]))
        ++k;
      if (k == t.text.size()) word |= bit;
    }
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
  const bool long_line = line.size() > kMaxPhraseLineBytes;
  // A bit per pattern to try: a trigger is in the line, or it has none. On a long line only kLine
  // patterns are tried, and their triggers are looked for in the whole line.
  const std::size_t words = untriggered_bits_.size();
  constexpr std::size_t kInlineWords = 4;  // 256 patterns without an allocation (the shipped set has 80)
  std::array<std::uint64_t, kInlineWords> inline_tried;
  std::vector<std::uint64_t> heap_tried;
  std::uint64_t* tried = inline_tried.data();
  if (words > kInlineWords) {
    heap_tried.resize(words);
    tried = heap_tried.data();
  }
  for (std::size_t w = 0; w < words; ++w)
    tried[w] = long_line ? untriggered_bits_[w] & line_kind_bits_[w] : untriggered_bits_[w];
  (long_line ? line_triggers_ : all_triggers_).Find(line, tried);
  // Shipped patterns see the line with ASCII lower-cased (icase regexes are several times slower).
  std::string wide;  // the line lower-cased and widened (made at the first shipped pattern tried)
  std::string rest;  // `wide` less the phrases found so far (copied at the first phrase pattern tried)
  bool rest_copied = false;
  bool any_phrase = false;
  for (std::size_t w = 0; w < words; ++w) {
    for (std::uint64_t bits = tried[w]; bits != 0; bits &= bits - 1) {
      const Pattern& p = patterns_[w * 64 + std::countr_zero(bits)];
      const re2::RE2& regex = *p.regex;
      if (!p.whole_line && wide.empty()) wide = Widen(line, /*fold_ascii=*/true);
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
  }
  if (any_phrase && text::Count(Narrow(rest)).tokens <= 2) m.phrase_only = true;
  return m;
}

}  // namespace gongkai::extract
