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
  // Triggers by their first character. A line is scanned once, a character at a time, and at each
  // character that starts a trigger the trigger is compared there; only the patterns whose trigger is
  // in the line are tried. A trigger is valid UTF-8 (Parse checks) and the scan stops at every
  // character, so this finds every trigger std::string::find would.
  class TriggerIndex {
   public:
    void Add(const std::string& trigger, int pattern);
    // Sets the bit (in `patterns`, one per pattern) of every pattern with a trigger in `line`, the
    // line's ASCII letters compared lower-cased.
    void Find(std::string_view line, std::uint64_t* patterns) const;

   private:
    // A bit per BMP code point that starts triggers; its triggers are in bmp_triggers_ at the bit's
    // rank (the bits set before it), the lookup costing a few instructions.
    std::vector<std::uint64_t> bmp_bits_ = std::vector<std::uint64_t>(1024, 0);
    std::vector<int> bits_before_ = std::vector<int>(1024, 0);  // set in the words before this one
    std::vector<std::vector<Trigger>> bmp_triggers_;
    std::map<char32_t, std::vector<Trigger>> astral_triggers_;  // first code point past the BMP
  };
  TriggerIndex all_triggers_;
  TriggerIndex line_triggers_;  // those of kLine patterns, the only ones tried on a long line
  // A bit per pattern: it has no trigger (always tried); it is a kLine pattern.
  std::vector<std::uint64_t> untriggered_bits_;
  std::vector<std::uint64_t> line_kind_bits_;
  const BoilerplatePatterns* base_ = nullptr;  // consulted first (extras layer over the shipped set)

 public:
  void set_base(const BoilerplatePatterns* base) { base_ = base; }
};

}  // namespace gongkai::extract
