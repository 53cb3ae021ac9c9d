// Gumbo is not hardened: deeply nested open elements make it quadratic in time and memory (20,000
// nested <div>s take 36 s and 3 GB). A cheap byte scan finds where nesting first gets deeper than
// any real page and the parse stops there.
#pragma once

#include <cstddef>
#include <string_view>

namespace gongkai::extract {

// Real pages stay below ~100 levels; this many open elements costs Gumbo ~0.1 s at most.
constexpr int kMaxOpenElements = 1500;

// Length of the prefix of `html` that is safe to hand to Gumbo: the whole input unless more than
// `max_open` elements are open at once (void and auto-closing elements are not counted).
std::size_t SafeParseLength(std::string_view html, int max_open = kMaxOpenElements);

}  // namespace gongkai::extract
