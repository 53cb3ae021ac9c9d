// The text Gumbo is given for a page (HtmlPage::tree()).
//
// Gumbo's cost is per character, and most of a report page's characters sit inside start tags:
// Word and WPS export every cell, paragraph and run with style="font-family:…;font-size:…",
// valign, width, lang, and tables with border, cellpadding and cellspacing. Nothing in gongkai
// reads those, and Gumbo's tree builder does not either, so they are left out before the parse
// (a quarter to a third of the characters of a typical report page). The tree is then the same
// tree, without those attributes.
//
// The pass is a byte scan that follows Gumbo's tokenizer where it matters: attribute syntax,
// comments, CDATA and the raw-text elements (script, style, textarea, …) are copied untouched.
// Where it cannot be sure of the tokenizer's state (a script that may contain <script>, a <select>,
// inline SVG or MathML holding a comment or a raw-text element, a frameset, unterminated markup)
// it copies the rest of the page as it is: leaving an attribute in is always safe, taking one out
// of text never is.
#pragma once

#include <string>
#include <string_view>

#include "html_guard.h"

namespace gongkai::extract {

// Attributes left out of every start tag: presentation, which no reader of the tree uses.
// A reader that needs one of these must take it off this list (tests/extract/parse_input_test.cc
// checks the list against the attribute names the readers ask for).
inline constexpr std::string_view kUnreadAttributes[] = {
    "align",   "valign", "width", "height",   "border", "cellpadding", "cellspacing",
    "bgcolor", "nowrap", "lang",  "xml:lang", "x:str",  "x:num"};

// True when an inline style hides its element for gongkai: "display:none", letter case and spaces
// aside. A style attribute that does not is left out before the parse as well.
bool StyleHidesElement(std::string_view style);

// `html` as Gumbo should see it: every start tag without kUnreadAttributes, without a style that
// does not hide the element, and cut to its first `max_attributes` attributes (Gumbo's duplicate
// check is quadratic, see html_guard.h). When nothing is left out the result is `html` itself;
// otherwise it points into *storage.
std::string_view ParseInput(std::string_view html, std::string* storage,
                            int max_attributes = kMaxAttributesPerElement);

}  // namespace gongkai::extract
