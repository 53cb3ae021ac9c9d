// A line diff between two versions of a report's text (longest common subsequence), for the
// report view's "what changed between extractions/captures".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gongkai::serve {

struct DiffLine {
  enum class Kind { kSame, kAdded, kRemoved };
  Kind kind = Kind::kSame;
  std::string text;
};

// Lines of `before` and `after` ('\n'-separated) as kept, removed and added lines, in order.
// Texts beyond kMaxDiffLines lines each are compared line by line position (a cheap fallback:
// LCS costs lines(before) x lines(after) cells).
std::vector<DiffLine> DiffLines(std::string_view before, std::string_view after);

inline constexpr size_t kMaxDiffLines = 3000;  // 9M cells of 2 bytes: ~18 MB, ~30 ms

}  // namespace gongkai::serve
