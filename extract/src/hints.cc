#include "hints.h"

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::extract {
namespace {

using namespace std::string_view_literals;  // the name lists are string_views: no strlen per search

// Matched as substrings of the whole id/class string: long enough not to hit unrelated names.
constexpr std::array kNegativeSubstrings = {
    "comment"sv,   "footer"sv,    "sidebar"sv,     "breadcrumb"sv,  "crumb"sv,     "share"sv,
    "related"sv,   "relate"sv,    "recommend"sv,   "navigation"sv,  "navbar"sv,    "menu"sv,
    "advert"sv,    "sponsor"sv,   "promo"sv,       "popup"sv,       "modal"sv,     "login"sv,
    "copyright"sv, "subscribe"sv, "newsletter"sv,  "pagination"sv,  "pager"sv,     "widget"sv,
    "social"sv,    "banner"sv,    "disclaimer"sv,  "toolbar"sv,     "dqwz"sv,      "weizhi"sv,
    "position"sv,  "location"sv,  "sitemap"sv,     "byline"sv,      "caption"sv,   "masthead"sv,
    "outbrain"sv,  "taboola"sv,   "hotnews"sv,     "ranking"sv,     "jiucuo"sv,    "fenxiang"sv,
    "xgwz"sv,      "xgxx"sv,      "xgjd"sv,        "shangyipian"sv, "xiayipian"sv, "prev"sv,
    "next"sv,      "tags"sv,      "cookie"sv,      "signup"sv,      "consent"sv,   "gdpr"sv,
    "privacy"sv,   "print"sv,     "author-info"sv, "fontsize"sv,    "font-size"sv, "zihao"sv};
// Chrome even when written as prose: author boxes (a biography below the story) and sign-up boxes
// ("Sign up to get the inside scoop on today's biggest stories ...").
constexpr std::array kProseChromeSubstrings = {
    "author-bio"sv,  "authorbio"sv,  "author_bio"sv, "about-author"sv, "about-the-author"sv,
    "aboutauthor"sv, "author-box"sv, "authorbox"sv,  "globalauthor"sv, "newsletter"sv,
    "subscribe"sv,   "signup"sv,     "sign-up"sv};
// Image wrappers: their captions and credits are cut from a story, but a photo story's text may be
// nothing but captions, so they do not count against the element holding them.
constexpr std::array kMediaSubstrings = {"image"sv,     "photo"sv,  "gallery"sv,
                                         "slideshow"sv, "figure"sv, "credit"sv};
constexpr std::array kMediaTokens = {"img"sv, "pic"sv};
// Chrome that stays chrome for everything inside it.
constexpr std::array kStrongNegativeSubstrings = {
    "comment"sv, "footer"sv,  "sidebar"sv,   "cookie"sv,     "consent"sv,   "gdpr"sv,     "modal"sv,
    "popup"sv,   "related"sv, "recommend"sv, "newsletter"sv, "subscribe"sv, "outbrain"sv, "taboola"sv};
// Chrome whatever its size (a cookie preference centre can hold more text than a short article).
constexpr std::array kAbsoluteNegativeSubstrings = {"onetrust"sv, "ot-pc-"sv,  "ot-sdk"sv,
                                                    "cookie"sv,   "consent"sv, "gdpr"sv};
// Matched as whole tokens of the string split at non-alphanumerics ("layer": a pop-up panel).
constexpr std::array kNegativeTokens = {"nav"sv,  "ad"sv,     "ads"sv,   "foot"sv, "side"sv, "bottom"sv,
                                        "top"sv,  "header"sv, "more"sv,  "hot"sv,  "rank"sv, "links"sv,
                                        "tool"sv, "tools"sv,  "aside"sv, "layer"sv};
constexpr std::array kPositiveSubstrings = {
    "article"sv,      "content"sv,    "trs_editor"sv, "zoom"sv,        "entry"sv,    "post-body"sv,
    "postbody"sv,     "story"sv,      "detail"sv,     "zhengwen"sv,    "wenzhang"sv, "text"sv,
    "body"sv,         "main"sv,       "neirong"sv,    "maincontent"sv, "xxgk_nr"sv,  "news_con"sv,
    "article-body"sv, "rich_media"sv, "blog"sv};
constexpr std::array kPositiveTokens = {"con"sv,     "nr"sv,  "zw"sv, "post"sv,
                                        "mainbox"sv, "txt"sv, "wz"sv, "news"sv};
constexpr std::array kTitleSubstrings = {"title"sv, "biaoti"sv, "headline"sv};

std::vector<std::string_view> Tokens(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9'))) ++i;
    std::size_t j = i;
    while (j < s.size() && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= '0' && s[j] <= '9'))) ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

template <typename List>
bool AnySubstring(std::string_view s, const List& list) {
  for (std::string_view w : list)
    if (s.find(w) != std::string_view::npos) return true;
  return false;
}

// A class name naming an image wrapper; modifiers that only say a card has an image ("has-image",
// "with-photo", "no-image") do not count.
bool IsMediaName(std::string_view id_class) {
  std::size_t i = 0;
  while (i < id_class.size()) {
    std::size_t j = id_class.find(' ', i);
    if (j == std::string_view::npos) j = id_class.size();
    std::string_view name = id_class.substr(i, j - i);
    i = j + 1;
    if (name.find("has-") != std::string_view::npos || name.find("with-") != std::string_view::npos ||
        name.find("no-") != std::string_view::npos)
      continue;
    if (AnySubstring(name, kMediaSubstrings)) return true;
  }
  return false;
}

template <typename List>
bool AnyToken(const std::vector<std::string_view>& tokens, const List& list) {
  for (std::string_view t : tokens)
    for (std::string_view w : list)
      if (t == w) return true;
  return false;
}

}  // namespace

bool IsProseChromeName(std::string_view id_class) {
  return AnySubstring(id_class, kProseChromeSubstrings);
}

Hint ClassifyHint(std::string_view id_class, GumboTag tag) {
  if (tag == GUMBO_TAG_NAV || tag == GUMBO_TAG_FOOTER || tag == GUMBO_TAG_ASIDE) return Hint::kStrongNegative;
  bool structural_positive = tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_MAIN;
  if (id_class.size() <= 1) return structural_positive ? Hint::kPositive : Hint::kNone;
  std::vector<std::string_view> tokens = Tokens(id_class);
  if (AnySubstring(id_class, kAbsoluteNegativeSubstrings)) return Hint::kAbsoluteNegative;
  if (AnySubstring(id_class, kStrongNegativeSubstrings)) return Hint::kStrongNegative;
  if (AnySubstring(id_class, kTitleSubstrings)) return Hint::kTitle;
  if (AnySubstring(id_class, kNegativeSubstrings) || IsProseChromeName(id_class) ||
      AnyToken(tokens, kNegativeTokens))
    return Hint::kNegative;
  if (IsMediaName(id_class) || AnyToken(tokens, kMediaTokens)) return Hint::kMedia;
  if (structural_positive || AnySubstring(id_class, kPositiveSubstrings) || AnyToken(tokens, kPositiveTokens))
    return Hint::kPositive;
  return Hint::kNone;
}

}  // namespace gongkai::extract
