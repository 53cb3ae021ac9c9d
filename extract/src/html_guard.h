// Gumbo is not hardened: deeply nested open elements make it quadratic in time and memory (20,000
// nested <div>s take 36 s and 3 GB). A cheap byte scan finds where nesting first gets deeper than
// any real page and the parse stops there.
#pragma once

#include <cstddef>
#include <string_view>

namespace gongkai::extract {

// Real pages stay below ~100 levels; this many open elements costs Gumbo ~0.1 s at most.
constexpr int kMaxOpenElements = 1500;

// Memory: Gumbo's tree and the Page built from it take ~450 bytes per element (a 16 MB page of
// <span>字</span> peaked at 449 MB, 28x its size). Real report pages have under 20,000 elements
// (the largest gold page: ~3,000); the parse stops at this many start tags, which bounds
// extraction at ~110 MB whatever the input (docs: README "Limits").
constexpr int kMaxElements = 150000;

// Length of the prefix of `html` that is safe to hand to Gumbo: the whole input unless more than
// `max_open` elements are open at once (void and auto-closing elements are not counted), or more
// than `max_elements` start tags come before the end.
std::size_t SafeParseLength(std::string_view html, int max_open = kMaxOpenElements,
                            int max_elements = kMaxElements);

// Gumbo checks each attribute of an element against the ones before it (duplicates), so one
// element with N attributes costs N^2: 160k attributes took 91 s. Real elements carry fewer than
// 20; the ones past this many are dropped before parsing, which bounds that check at
// kMaxAttributesPerElement^2 / 2 comparisons per element, i.e. linear in the input (ParseInput(),
// parse_input.h, does the cutting).
constexpr int kMaxAttributesPerElement = 256;

}  // namespace gongkai::extract
