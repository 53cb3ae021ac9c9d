// Folding of the compatibility ideographs that PDF producers put in a text layer in place of the
// ideographs a report prints. WPS and Microsoft Office build a font's ToUnicode map from its cmap,
// which maps both 一 (U+4E00) and the Kangxi radical ⼀ (U+2F00) to one glyph; the reverse map then
// often picks the radical, so the text layer reads "⼀、总体情况", "⽇", "⼈⺠" and a search for 一
// or 人民 misses it. The Kangxi radicals (U+2F00-U+2FD5) are folded to their unified ideographs as
// Unicode NFKC does, and so are the CJK Radicals Supplement forms that are whole simplified
// characters (⺠ 民, ⻔ 门, ⻓ 长, ...; NFKC leaves most of them); nothing else is changed.
#pragma once

#include <string>
#include <string_view>

namespace gongkai::extract {

// The unified ideograph for a Kangxi or CJK radical code point, else `cp` itself.
char32_t FoldRadical(char32_t cp);

// `s` (UTF-8) with every radical folded (FoldRadical); other bytes are copied unchanged.
std::string FoldRadicals(std::string_view s);

}  // namespace gongkai::extract
