// The line-level boilerplate filter's pattern set: the shipped data/boilerplate.txt (compiled in)
// plus patterns from config.toml. Which lines go is decided in content.cc from these matches and
// the line's position and shape; this file only answers "does the line match, and how".
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace re2 {
class RE2;
}

namespace gongkai::extract {

enum class PatternKind { kPhrase, kShort, kEdge, kLine };

struct LineMatch {
  bool phrase_only = false;  // nothing but tool phrases (and ≤ 2 tokens) on the line
  bool short_hit = false;    // a footer pattern matched (drop if short and not a sentence)
  bool edge_hit = false;     // a contact pattern matched (drop only at the edges of the body)
  bool line_hit = false;     // drop whatever the shape
};

// Regexes are RE2's (linear time, no lookaround or backreferences). The shipped set is matched on bytes,
// the semantics its counted repeats were written for; config extras on characters (UTF-8).
class BoilerplatePatterns {
 public:
  BoilerplatePatterns();
  ~BoilerplatePatterns();
  BoilerplatePatterns(const BoilerplatePatterns&) = delete;
  BoilerplatePatterns& operator=(const BoilerplatePatterns&) = delete;

  // The shipped set, compiled once.
  static const BoilerplatePatterns& Shipped();

  // Parses the data-file format (see data/boilerplate.txt). Returns InvalidArgument naming the line
  // on a malformed line or a regex that does not compile (the lines before it are kept).
  Status Parse(std::string_view data);
  // Adds `patterns` as kLine patterns matched against the whole line (config extras). Returns
  // InvalidArgument "bad pattern '<pattern>': <why>" for one that does not compile.
  Status AddWholeLine(const std::vector<std::string>& patterns);

  LineMatch Match(std::string_view line) const;
  std::size_t size() const { return patterns_.size(); }

 private:
  struct Pattern {
    PatternKind kind;
    std::vector<std::string> triggers;  // lower-case; empty = always try
    std::unique_ptr<const re2::RE2> regex;
    bool whole_line = false;
  };
  void Index(int pattern);

  std::vector<Pattern> patterns_;
  struct Trigger {
    std::string text;  // lower-case
    int pattern;
  };
  // First code point of every trigger -> the triggers starting with it; a line is scanned once and
  // only the patterns whose trigger is in it are tried.
  std::map<char32_t, std::vector<Trigger>> by_first_char_;
  std::vector<std::uint64_t> first_char_bits_ =
      std::vector<std::uint64_t>(1024, 0);  // BMP bitmap of the keys
  std::vector<int> untriggered_;
  const BoilerplatePatterns* base_ = nullptr;  // consulted first (extras layer over the shipped set)

 public:
  void set_base(const BoilerplatePatterns* base) { base_ = base; }
};

}  // namespace gongkai::extract
