#include "content.h"

#include <algorithm>

#include "hints.h"
#include "teasers.h"
#include "text_util.h"

namespace gongkai::extract {
namespace {

// Link density above which a line is navigation, not text.
constexpr double kMaxLinkDensity = 0.5;
// ... except in a long punctuated sentence (a news digest item quoting several stories' links).
constexpr double kMaxProseLinkDensity = 0.65;
constexpr int kMinLinkedProsePunct = 2;
// A line with at least this many tokens and some punctuation reads as prose.
constexpr int kProseTokens = 20;
// Below the body's last paragraph, lines this short (开心 / 0 / 点赞) are widgets, not text.
constexpr int kMaxTailScrapChars = 4;
// A footer-pattern line longer than this (in characters) is a sentence, not a footer.
constexpr int kShortLineChars = 120;
// Value per token of a short link-free line inside a content-named element.
constexpr double kShortPlainLineValue = 0.3;
// ... when it has at least this many tokens (player controls and counters have fewer).
constexpr int kMinPlainLineTokens = 5;
// Weight of id/class evidence: text inside chrome-named elements counts this much for the
// element holding it (and against it by the inverse); content-named elements boost it.
constexpr double kNegativeRegionFactor = 0.25;  // text inside chrome-named elements counts this much
constexpr double kPositiveRegionFactor = 1.5;
// Short/link lines of chrome-named elements count this many times against the element holding them
// (measured: 1 lets sidebars in, 8 is best on the Chinese pages of magic-html, 4-6 on English news).
constexpr double kChromePenaltyFactor = 8.0;
// A chrome-named sub-block is cut from the chosen content only when it holds less than this share
// of the content's positive value (a misleading class name cannot erase the article).
constexpr double kMaxChromeShare = 0.3;
// ... and when prose is not most of its own text (a paragraph with an odd class is still prose).
constexpr double kMaxChromeProseShare = 0.5;
// A chrome-named box between paragraphs ("Related articles" inside the story) costs the run at
// most this much: it is cut from the text afterwards, and the paragraphs after it still belong.
constexpr double kEmbeddedChromeCost = 5.0;
// Summaries in teaser cards (see teasers.h) count against their container by this share of the
// value they would have as text.
constexpr double kTeaserFactor = 0.5;
// Teaser cards are kept only when they are most of the chosen content (a page that is a list).
constexpr double kMaxTeaserShare = 0.5;

double LinkDensity(const Block& b) {
  return b.tokens ? static_cast<double>(b.link_tokens) / b.tokens : 0.0;
}

bool IsLinkHeavy(const Block& b) {
  bool sentence = b.tokens >= kProseTokens && b.punct >= kMinLinkedProsePunct;
  return LinkDensity(b) > (sentence ? kMaxProseLinkDensity : kMaxLinkDensity);
}

bool IsProse(const Block& b) {
  return b.tokens >= kProseTokens && b.punct >= 1 && !IsLinkHeavy(b);
}

}  // namespace

double BlockValue(const Block& b, const Page& page) {
  double t = b.tokens;
  double ld = LinkDensity(b);
  double v;
  if (b.table >= 0) {
    v = ld > kMaxLinkDensity ? -t : t * 0.5;
  } else if (IsLinkHeavy(b)) {
    v = -t * (0.5 + ld);
  } else if (t >= kProseTokens && b.punct >= 1) {
    v = t * (1.0 - ld) * (1.0 + std::min(0.5, 5.0 * b.punct / t));
  } else if (t >= 8 && b.punct >= 1) {
    v = t * (1.0 - ld) * 0.6;
  } else if (b.heading) {
    v = 0.5;
  } else {
    v = -0.3 * t - 1.0;
  }
  Hint region = page.nodes[b.node].region;
  // Short plain lines (a poem, a blog's one-line paragraphs, list items) inside a content-named
  // element are the content's own, not chrome.
  if (v < 0 && region == Hint::kPositive && b.link_tokens == 0 && b.table < 0 && t >= kMinPlainLineTokens)
    v = kShortPlainLineValue * t;
  if (region == Hint::kNegative)
    v = v > 0 ? v * kNegativeRegionFactor : v * kChromePenaltyFactor;
  else if (region == Hint::kPositive && v > 0)
    v *= kPositiveRegionFactor;
  return v;
}

namespace {

struct Choice {
  int node = 0;
  int begin = 0, end = 0;
  double score = -1e300;
};

// The best contiguous run of one element's children (child elements and the lines directly in
// it), by total value: an article whose paragraphs sit in sibling wrappers beside a related-links
// list under the same parent is the run of paragraph wrappers, not the parent nor one paragraph.
// Ties go to the later, i.e. deeper, element.
Choice ChooseRange(const Page& page, const std::vector<double>& prefix) {
  const int n = static_cast<int>(page.nodes.size());
  // Children of each node as first-child/next-sibling links, in document order (nodes are stored
  // in preorder; built backwards so each list comes out ascending).
  std::vector<int> first_child(n, -1), next_sibling(n, -1);
  for (int k = n - 1; k >= 1; --k) {
    next_sibling[k] = first_child[page.nodes[k].parent];
    first_child[page.nodes[k].parent] = k;
  }
  auto sum = [&](int b, int e) { return prefix[e] - prefix[b]; };
  // Blocks outside chrome-named elements, as prefix counts: an item without any is chrome even
  // when the chrome name sits deeper than the item's own element (a widget in a plain wrapper).
  std::vector<int> plain(page.blocks.size() + 1, 0);
  for (std::size_t i = 0; i < page.blocks.size(); ++i)
    plain[i + 1] = plain[i] + (page.nodes[page.blocks[i].node].region == Hint::kNegative ? 0 : 1);
  Choice best;
  for (int k = 0; k < n; ++k) {
    const DomNode& node = page.nodes[k];
    // Items: child subtrees and the gaps of direct lines between them.
    double run = 0;
    int run_begin = node.block_begin;
    int pos = node.block_begin;
    auto add_item = [&](int b, int e, bool chrome = false) {
      if (b >= e) return;
      double v = sum(b, e);
      if (chrome) v = std::max(v, -kEmbeddedChromeCost);
      if (run <= 0) {
        run = v;
        run_begin = b;
      } else {
        run += v;
      }
      if (run >= best.score) best = Choice{k, run_begin, e, run};
    };
    for (int c = first_child[k]; c >= 0; c = next_sibling[c]) {
      const DomNode& child = page.nodes[c];
      for (int i = pos; i < child.block_begin; ++i) add_item(i, i + 1);
      bool chrome = child.hint == Hint::kMedia || plain[child.block_end] == plain[child.block_begin];
      add_item(child.block_begin, child.block_end, chrome);
      pos = std::max(pos, child.block_end);
    }
    for (int i = pos; i < node.block_end; ++i) add_item(i, i + 1);
  }
  return best;
}

// Marks blocks under chrome-named elements inside [begin, end) that hold little of its value.
void DropChromeSubtrees(const Page& page, int begin, int end, const std::vector<double>& values,
                        std::vector<bool>* drop) {
  double total = 0;
  for (int i = begin; i < end; ++i) total += std::max(0.0, values[i]);
  for (const DomNode& n : page.nodes) {
    if ((n.hint != Hint::kNegative && n.hint != Hint::kMedia) || n.block_begin < begin || n.block_end > end ||
        n.block_begin >= n.block_end)
      continue;
    double positive = 0, tokens = 0;
    for (int i = n.block_begin; i < n.block_end; ++i) {
      const Block& b = page.blocks[i];
      tokens += b.tokens;
      if (IsProse(b)) positive += b.tokens;
    }
    bool prose_ok = positive <= kMaxChromeProseShare * tokens || IsProseChromeName(n.id_class);
    if (positive <= kMaxChromeShare * total && prose_ok)
      for (int i = n.block_begin; i < n.block_end; ++i) (*drop)[i] = true;
  }
}

bool IsShortLine(const Block& b) {
  if (b.chars > kShortLineChars) return false;
  return b.text.find("。") == std::string::npos;
}

}  // namespace

ContentSelection SelectContent(const Page& page, const BoilerplatePatterns& patterns) {
  ContentSelection sel;
  const int n = static_cast<int>(page.blocks.size());
  std::vector<double> values(n), prefix(n + 1, 0.0);
  int marker_tokens = 0;
  const std::vector<bool> teaser = MarkTeaserBlocks(page);
  for (int i = 0; i < n; ++i) {
    values[i] = BlockValue(page.blocks[i], page);
    if (teaser[i] && values[i] > 0) values[i] *= -kTeaserFactor;
    if (page.blocks[i].in_markers) marker_tokens += page.blocks[i].tokens;
  }
  // Hanweb's markers bound the article when they hold real text: value outside them counts against.
  bool use_markers = page.has_markers && marker_tokens >= kProseTokens;
  for (int i = 0; i < n; ++i) {
    double v = values[i];
    if (use_markers) v = page.blocks[i].in_markers ? std::abs(v) + 1.0 : -std::abs(v) - 1.0;
    prefix[i + 1] = prefix[i] + v;
  }
  Choice choice = ChooseRange(page, prefix);
  sel.node = choice.node;
  sel.begin = choice.begin;
  sel.end = choice.end;

  std::vector<bool> drop(n, false);
  DropChromeSubtrees(page, sel.begin, sel.end, values, &drop);
  int teaser_tokens = 0, range_tokens = 0;
  for (int i = sel.begin; i < sel.end; ++i) {
    range_tokens += page.blocks[i].tokens;
    if (teaser[i]) teaser_tokens += page.blocks[i].tokens;
  }
  if (teaser_tokens <= kMaxTeaserShare * range_tokens)
    for (int i = sel.begin; i < sel.end; ++i) drop[i] = drop[i] || teaser[i];
  int first_prose = -1, last_prose = -1;
  for (int i = sel.begin; i < sel.end; ++i) {
    if (drop[i] || (use_markers && !page.blocks[i].in_markers)) {
      drop[i] = true;
      continue;
    }
    if (IsProse(page.blocks[i])) {
      if (first_prose < 0) first_prose = i;
      last_prose = i;
    }
  }
  bool tail_cut = false;
  for (int i = sel.begin; i < sel.end; ++i) {
    if (drop[i]) continue;
    const Block& b = page.blocks[i];
    bool at_edge = first_prose < 0 || i < first_prose || i > last_prose;
    bool in_tail = last_prose >= 0 && i > last_prose;
    bool bad = false;
    if (b.table < 0 && IsLinkHeavy(b)) bad = true;
    if (!bad && tail_cut && IsShortLine(b)) bad = true;
    // Below the last paragraph, scraps of a few characters are widget labels and counters.
    if (!bad && in_tail && b.table < 0 && b.chars <= kMaxTailScrapChars) bad = true;
    if (!bad) {
      LineMatch m = patterns.Match(b.text);
      bool is_short = IsShortLine(b);
      bad = m.line_hit || m.phrase_only || (m.short_hit && is_short) || (m.edge_hit && is_short && at_edge);
      if (bad && in_tail && (m.short_hit || m.edge_hit)) tail_cut = true;
      if (bad && (first_prose < 0 || i < first_prose + 3)) sel.metadata.push_back(i);
    }
    if (!bad) sel.kept.push_back(i);
  }
  return sel;
}

}  // namespace gongkai::extract
