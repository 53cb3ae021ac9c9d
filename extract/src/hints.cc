#include "hints.h"

#include <array>
#include <string>
#include <vector>

namespace gongkai::extract {
namespace {

// Matched as substrings of the whole id/class string: long enough not to hit unrelated names.
constexpr std::array kNegativeSubstrings = {
    "comment",     "footer",    "sidebar",    "breadcrumb",  "crumb",     "share",      "related",
    "relate",      "recommend", "navigation", "navbar",      "menu",      "advert",     "sponsor",
    "promo",       "popup",     "modal",      "login",       "copyright", "subscribe",  "newsletter",
    "pagination",  "pager",     "widget",     "social",      "banner",    "disclaimer", "toolbar",
    "dqwz",        "weizhi",    "position",   "location",    "sitemap",   "byline",     "caption",
    "masthead",    "outbrain",  "taboola",    "hotnews",     "ranking",   "jiucuo",     "fenxiang",
    "xgwz",        "xgxx",      "xgjd",       "shangyipian", "xiayipian", "prev",       "next",
    "tags",        "cookie",    "signup",     "consent",     "gdpr",      "privacy",    "print",
    "author-info", "fontsize",  "font-size",  "zihao"};
// Chrome even when written as prose: author boxes (a biography below the story) and sign-up boxes
// ("Sign up to get the inside scoop on today's biggest stories ...").
constexpr std::array kProseChromeSubstrings = {
    "author-bio",  "authorbio",  "author_bio", "about-author", "about-the-author",
    "aboutauthor", "author-box", "authorbox",  "globalauthor", "newsletter",
    "subscribe",   "signup",     "sign-up"};
// Image wrappers: their captions and credits are cut from a story, but a photo story's text may be
// nothing but captions, so they do not count against the element holding them.
constexpr std::array kMediaSubstrings = {"image", "photo", "gallery", "slideshow", "figure", "credit"};
constexpr std::array kMediaTokens = {"img", "pic"};
// Chrome that stays chrome for everything inside it.
constexpr std::array kStrongNegativeSubstrings = {
    "comment", "footer",  "sidebar",   "cookie",     "consent",   "gdpr",     "modal",
    "popup",   "related", "recommend", "newsletter", "subscribe", "outbrain", "taboola"};
// Chrome whatever its size (a cookie preference centre can hold more text than a short article).
constexpr std::array kAbsoluteNegativeSubstrings = {"onetrust", "ot-pc-",  "ot-sdk",
                                                    "cookie",   "consent", "gdpr"};
// Matched as whole tokens of the string split at non-alphanumerics ("layer": a pop-up panel).
constexpr std::array kNegativeTokens = {"nav",  "ad",  "ads",  "foot",  "side", "bottom", "top",   "header",
                                        "more", "hot", "rank", "links", "tool", "tools",  "aside", "layer"};
constexpr std::array kPositiveSubstrings = {
    "article", "content",     "trs_editor", "zoom",     "entry",        "post-body",  "postbody",
    "story",   "detail",      "zhengwen",   "wenzhang", "text",         "body",       "main",
    "neirong", "maincontent", "xxgk_nr",    "news_con", "article-body", "rich_media", "blog"};
constexpr std::array kPositiveTokens = {"con", "nr", "zw", "post", "mainbox", "txt", "wz", "news"};
constexpr std::array kTitleSubstrings = {"title", "biaoti", "headline"};

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
  for (const char* w : list)
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
    for (const char* w : list)
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
