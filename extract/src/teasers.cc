#include "teasers.h"

#include <algorithm>
#include <string>
#include <unordered_map>

namespace gongkai::extract {
namespace {

// A teaser list has at least this many cards: two similar boxes are too little evidence.
constexpr int kMinCards = 3;
// A card holds a headline and a summary; when the typical (median) card holds more text than this
// (tokens), the group is sections of an article that happen to repeat their wrapper markup ...
constexpr int kMaxCardTokens = 250;
// ... and so is a group where one card holds more than this (a page wrapper among script boxes);
// single summaries run long on some sites (a truncated first screen of the story).
constexpr int kMaxLargestCardTokens = 2 * kMaxCardTokens;
// A headline is a line with at least this many tokens ...
constexpr int kMinHeadlineTokens = 3;
// ... most of them inside a link.
constexpr double kMinHeadlineLinkShare = 0.6;
// Share of the same-named siblings that must carry a headline for the group to be a teaser list.
constexpr double kMinHeadlineCardShare = 0.6;

bool IsHeadline(const Block& b) {
  return b.table < 0 && b.tokens >= kMinHeadlineTokens && b.link_tokens >= kMinHeadlineLinkShare * b.tokens;
}

// Tag plus id/class with digits removed: "item item-3" and "item item-4" are the same card kind.
std::string Signature(const DomNode& n) {
  std::string s = std::to_string(n.tag) + ":";
  for (char c : n.id_class)
    if (c < '0' || c > '9') s.push_back(c);
  return s;
}

}  // namespace

std::vector<bool> MarkTeaserBlocks(const Page& page) {
  const int blocks = static_cast<int>(page.blocks.size());
  std::vector<int> tokens(blocks + 1, 0), headlines(blocks + 1, 0);
  for (int i = 0; i < blocks; ++i) {
    tokens[i + 1] = tokens[i] + page.blocks[i].tokens;
    headlines[i + 1] = headlines[i] + (IsHeadline(page.blocks[i]) ? 1 : 0);
  }
  // Groups of same-signature siblings, keyed by (parent, signature); members in document order.
  struct Group {
    std::vector<int> members;
  };
  std::unordered_map<std::string, Group> groups;
  std::vector<std::string> order;  // keys in first-seen order, for a deterministic pass
  for (int k = 1; k < static_cast<int>(page.nodes.size()); ++k) {
    const DomNode& n = page.nodes[k];
    if (n.block_begin >= n.block_end) continue;
    std::string key = std::to_string(n.parent) + "/" + Signature(n);
    auto [it, inserted] = groups.try_emplace(key);
    if (inserted) order.push_back(key);
    it->second.members.push_back(k);
  }
  std::vector<int> depth(blocks + 1, 0);  // +1 where a card starts, -1 where it ends
  for (const std::string& key : order) {
    const std::vector<int>& members = groups[key].members;
    if (static_cast<int>(members.size()) < kMinCards) continue;
    int with_headline = 0;
    std::vector<int> sizes;
    for (int k : members) {
      const DomNode& n = page.nodes[k];
      if (headlines[n.block_end] > headlines[n.block_begin]) ++with_headline;
      sizes.push_back(tokens[n.block_end] - tokens[n.block_begin]);
    }
    std::nth_element(sizes.begin(), sizes.begin() + sizes.size() / 2, sizes.end());
    if (sizes[sizes.size() / 2] > kMaxCardTokens ||
        *std::max_element(sizes.begin(), sizes.end()) > kMaxLargestCardTokens || with_headline < kMinCards ||
        with_headline < kMinHeadlineCardShare * static_cast<double>(members.size()))
      continue;
    for (int k : members) {
      ++depth[page.nodes[k].block_begin];
      --depth[page.nodes[k].block_end];
    }
  }
  std::vector<bool> teaser(blocks, false);
  for (int i = 0, open = 0; i < blocks; ++i) {
    open += depth[i];
    teaser[i] = open > 0;
  }
  return teaser;
}

}  // namespace gongkai::extract
