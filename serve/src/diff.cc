// Line diff (see diff.h).
#include "diff.h"

#include <algorithm>
#include <cstdint>

namespace gongkai::serve {
namespace {

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

}  // namespace

std::vector<DiffLine> DiffLines(std::string_view before, std::string_view after) {
  const auto a = SplitLines(before), b = SplitLines(after);
  std::vector<DiffLine> out;
  using Kind = DiffLine::Kind;
  if (a.size() > kMaxDiffLines || b.size() > kMaxDiffLines) {
    for (size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
      if (i < a.size() && i < b.size() && a[i] == b[i]) {
        out.push_back({Kind::kSame, std::string(a[i])});
        continue;
      }
      if (i < a.size()) out.push_back({Kind::kRemoved, std::string(a[i])});
      if (i < b.size()) out.push_back({Kind::kAdded, std::string(b[i])});
    }
    return out;
  }
  // lcs[i][j] = length of the LCS of a[i..] and b[j..].
  const size_t n = a.size(), m = b.size();
  std::vector<uint16_t> lcs((n + 1) * (m + 1), 0);
  auto at = [&](size_t i, size_t j) -> uint16_t& { return lcs[i * (m + 1) + j]; };
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      at(i, j) =
          a[i] == b[j] ? static_cast<uint16_t>(at(i + 1, j + 1) + 1) : std::max(at(i + 1, j), at(i, j + 1));
    }
  }
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      out.push_back({Kind::kSame, std::string(a[i])});
      ++i, ++j;
    } else if (j < m && (i == n || at(i, j + 1) >= at(i + 1, j))) {
      out.push_back({Kind::kAdded, std::string(b[j++])});
    } else {
      out.push_back({Kind::kRemoved, std::string(a[i++])});
    }
  }
  return out;
}

}  // namespace gongkai::serve
