// Main-content selection over a Page: scores every block-level element by the text it holds
// (long, punctuated, link-poor lines count for it; link lists and short fragments against it;
// id/class hints and Hanweb's ContentStart/ContentEnd markers as evidence; summaries in teaser
// lists — repeated cards with linked headlines, see teasers.h — against it), picks the best run of
// one element's children (a chrome or image box between paragraphs costs the run little), then
// filters its lines (link-heavy lines, chrome and image sub-blocks, teaser cards, boilerplate
// patterns by position/shape).
#pragma once

#include <vector>

#include "boilerplate.h"
#include "document.h"

namespace gongkai::extract {

struct ContentSelection {
  int node = 0;               // the element whose children hold the content
  int begin = 0, end = 0;     // the chosen block range (a run of that element's children)
  std::vector<int> kept;      // indices of the blocks that make the text, in order
  std::vector<int> metadata;  // dropped lines near the start (date/source lines), for metadata
};

ContentSelection SelectContent(const Page& page, const BoilerplatePatterns& patterns);

// Line value used for selection (exposed for tests): > 0 reads like body text.
double BlockValue(const Block& block, const Page& page);

}  // namespace gongkai::extract
