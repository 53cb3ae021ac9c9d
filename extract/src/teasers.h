// Teaser lists: "more stories" blocks built from repeated cards, each a linked headline plus a
// short summary (and often a date or byline). The summaries read like prose, so line scoring alone
// takes them for text; the repetition of same-named sibling cards that each carry a linked headline
// gives them away, whatever the site calls them.
#pragma once

#include <vector>

#include "document.h"

namespace gongkai::extract {

// true for every block inside a teaser card. O(n log n) in the number of elements (siblings are
// grouped by sorting on a hash of their tag and id/class with digits removed).
std::vector<bool> MarkTeaserBlocks(const Page& page);

}  // namespace gongkai::extract
