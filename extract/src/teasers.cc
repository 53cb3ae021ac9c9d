#include "teasers.h"

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <tuple>

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

// FNV-1a over the tag and the given name with digits removed.
std::uint64_t HashName(int tag, std::string_view name) {
  std::uint64_t h = 1469598103934665603ull ^ static_cast<std::uint64_t>(tag);
  for (char c : name) {
    if (c >= '0' && c <= '9') continue;
    h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  }
  return h;
}

// Tag plus id/class with digits removed: "item item-3" and "item item-4" are the same card kind.
std::uint64_t FullSignature(const DomNode& n) {
  return HashName(n.tag, n.id_class);
}

// Tag plus the first class name (or the id when there is no class) with digits removed: cards of
// one list often share only their first class ("post-7816 category-news", "post-7908
// category-sport"). Coarser (layout classes like "row" match too), so in groups found this way
// every card must be small and carry a headline.
std::uint64_t FirstClassSignature(const DomNode& n) {
  std::string_view id_class = n.id_class;  // "id class..."
  std::size_t space = id_class.find(' ');
  std::string_view id = id_class.substr(0, space);
  std::string_view classes =
      space == std::string_view::npos ? std::string_view() : id_class.substr(space + 1);
  std::string_view name = classes.substr(0, classes.find(' '));
  return HashName(n.tag, name.empty() ? id : name);
}

struct Sums {
  std::vector<int> tokens;  // prefix sums over blocks
  std::vector<int> headlines;
};

// Groups siblings by `signature` and adds +1/-1 at the bounds of every card of a teaser group.
void MarkGroups(const Page& page, const Sums& sums, std::uint64_t (*signature)(const DomNode&),
                int max_largest_card, double min_headline_share, std::vector<int>* bounds) {
  struct Member {
    int parent;
    std::uint64_t signature;
    int node;
    bool operator<(const Member& o) const {
      return std::tie(parent, signature, node) < std::tie(o.parent, o.signature, o.node);
    }
  };
  std::vector<Member> all;
  for (int k = 1; k < static_cast<int>(page.nodes.size()); ++k) {
    const DomNode& n = page.nodes[k];
    if (n.block_begin < n.block_end) all.push_back(Member{n.parent, signature(n), k});
  }
  std::sort(all.begin(), all.end());
  std::vector<int> members;
  for (std::size_t g = 0; g < all.size();) {
    std::size_t e = g;
    members.clear();
    while (e < all.size() && all[e].parent == all[g].parent && all[e].signature == all[g].signature)
      members.push_back(all[e++].node);
    g = e;
    if (static_cast<int>(members.size()) < kMinCards) continue;
    int with_headline = 0;
    std::vector<int> sizes;
    for (int k : members) {
      const DomNode& n = page.nodes[k];
      if (sums.headlines[n.block_end] > sums.headlines[n.block_begin]) ++with_headline;
      sizes.push_back(sums.tokens[n.block_end] - sums.tokens[n.block_begin]);
    }
    std::nth_element(sizes.begin(), sizes.begin() + sizes.size() / 2, sizes.end());
    if (sizes[sizes.size() / 2] > kMaxCardTokens ||
        *std::max_element(sizes.begin(), sizes.end()) > max_largest_card || with_headline < kMinCards ||
        with_headline < min_headline_share * static_cast<double>(members.size()))
      continue;
    for (int k : members) {
      ++(*bounds)[page.nodes[k].block_begin];
      --(*bounds)[page.nodes[k].block_end];
    }
  }
}

}  // namespace

std::vector<bool> MarkTeaserBlocks(const Page& page) {
  const int blocks = static_cast<int>(page.blocks.size());
  Sums sums{std::vector<int>(blocks + 1, 0), std::vector<int>(blocks + 1, 0)};
  for (int i = 0; i < blocks; ++i) {
    sums.tokens[i + 1] = sums.tokens[i] + page.blocks[i].tokens;
    sums.headlines[i + 1] = sums.headlines[i] + (IsHeadline(page.blocks[i]) ? 1 : 0);
  }
  std::vector<int> bounds(blocks + 1, 0);  // +1 where a card starts, -1 where it ends
  MarkGroups(page, sums, FullSignature, kMaxLargestCardTokens, kMinHeadlineCardShare, &bounds);
  MarkGroups(page, sums, FirstClassSignature, kMaxCardTokens, 1.0, &bounds);
  std::vector<bool> teaser(blocks, false);
  for (int i = 0, open = 0; i < blocks; ++i) {
    open += bounds[i];
    teaser[i] = open > 0;
  }
  return teaser;
}

}  // namespace gongkai::extract
