// Main-content selection on whole pages: which blocks make the text and which do not.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "extract/extractor.h"
#include "document.h"
#include "hints.h"
#include "teasers.h"
#include "text_util.h"

namespace gongkai::extract {
namespace {

std::string TextOf(const std::string& html) {
  ExtractInput input;
  input.bytes = html;
  Extraction e;
  Status status;
  EXPECT_TRUE((status = Extract(input, Options{}, &e)).ok()) << status.message();
  return e.text;
}

bool Has(const std::string& text, const std::string& snippet) {
  return text.find(snippet) != std::string::npos;
}

const std::string kArticle =
    "<div class=story><h1>Council approves the new river bridge</h1>"
    "<p>The city council voted on Tuesday to approve the long-delayed bridge over the river, ending a debate "
    "that has lasted for more than a decade and divided residents on both banks.</p>"
    "<p>Construction is expected to begin next spring, the mayor said, and the bridge should open to traffic "
    "within three years if the budget holds and the weather allows the work to go ahead.</p>"
    "<p>Opponents argued that the money would be better spent on schools, but the vote passed by a wide "
    "margin after a long evening of public comment from dozens of speakers.</p></div>";

std::string TeaserCard(int i) {
  return "<li class=\"card card-" + std::to_string(i) + "\"><h3><a href=/s" + std::to_string(i) +
         ">Another story number " + std::to_string(i) +
         " in the list</a></h3>"
         "<p>A short summary of another story, with a few words, some punctuation, and enough length to read as "
         "a sentence of prose.</p><span>Nov 19, 2019</span></li>";
}

// Repeated sibling cards, each a linked headline plus a summary, are a "more stories" list.
TEST(TeaserTest, RepeatedHeadlineCardsAreDropped) {
  std::string list = "<ul class=stream>";
  for (int i = 1; i <= 6; ++i) list += TeaserCard(i);
  list += "</ul>";
  std::string text = TextOf("<html><body><div class=page>" + kArticle + list + "</div></body></html>");
  EXPECT_TRUE(Has(text, "approve the long-delayed bridge"));
  EXPECT_TRUE(Has(text, "public comment from dozens"));
  EXPECT_FALSE(Has(text, "A short summary of another story"));
}

// Cards of one list often share only their first class (WordPress: "post-7816 category-a").
TEST(TeaserTest, CardsSharingTheirFirstClassAreAList) {
  std::string html = "<html><body>";
  const char* categories[] = {"news", "sport", "life", "faith"};
  for (int i = 0; i < 4; ++i)
    html +=
        std::string("<article class=\"post-") + std::to_string(7000 + i) + " category-" + categories[i] +
        "\"><h3><a href=/p" + std::to_string(i) +
        ">Read this other message now</a></h3><p>Another message "
        "about love, hope, and faith, long enough to look like a paragraph of prose to a scorer.</p></article>";
  html += "</body></html>";
  Page page = BuildPage(html);
  std::vector<bool> teaser = MarkTeaserBlocks(page);
  ASSERT_FALSE(teaser.empty());
  for (bool t : teaser) EXPECT_TRUE(t);
}

// Must survive: layout rows that share a class ("row") are not cards unless every one has a headline.
TEST(TeaserTest, LayoutRowsWithoutHeadlinesAreNotCards) {
  std::string html =
      "<html><body><div class=\"row trending\"><h5><a href=/t>Trending story one here</a></h5></div>"
      "<div class=\"row dates\">Posted: Fri 6:45 PM, Feb 16, 2018</div>"
      "<div class=\"row story\"><p><a href=/r>Click for full results</a></p><p>The junior won "
      "the state title in diving, and her team finished second overall.</p></div></body></html>";
  Page page = BuildPage(html);
  std::vector<bool> teaser = MarkTeaserBlocks(page);
  for (std::size_t i = 0; i < teaser.size(); ++i) EXPECT_FALSE(teaser[i]) << page.blocks[i].text;
}

// Must survive: paragraphs that each hold a link inside the sentence are not teaser cards.
TEST(TeaserTest, ParagraphsWithInlineLinksStay) {
  std::string body = "<div class=entry>";
  for (int i = 1; i <= 5; ++i)
    body += "<p class=para>Paragraph " + std::to_string(i) +
            " of the report explains, in plain words, what the "
            "<a href=/doc" +
            std::to_string(i) + ">annex</a> contains and why the office published it this year.</p>";
  body += "</div>";
  std::string text = TextOf("<html><body>" + body + "</body></html>");
  EXPECT_TRUE(Has(text, "Paragraph 1 of the report"));
  EXPECT_TRUE(Has(text, "Paragraph 5 of the report"));
}

// Two similar boxes are not enough evidence for a list.
TEST(TeaserTest, TwoCardsAreNotAList) {
  Page page = BuildPage("<html><body><ul>" + TeaserCard(1) + TeaserCard(2) + "</ul></body></html>");
  std::vector<bool> teaser = MarkTeaserBlocks(page);
  for (bool t : teaser) EXPECT_FALSE(t);
  page =
      BuildPage("<html><body><ul>" + TeaserCard(1) + TeaserCard(2) + TeaserCard(3) + "</ul></body></html>");
  teaser = MarkTeaserBlocks(page);
  ASSERT_FALSE(teaser.empty());
  EXPECT_TRUE(teaser[0]);
}

}  // namespace
}  // namespace gongkai::extract

namespace gongkai::extract {
namespace {

// A blog entry written as one short line per paragraph, inside a content-named element, beats a
// sidebar blurb that happens to be one long punctuated sentence.
TEST(ShortLinesTest, ShortPlainLinesOfAContentElementAreTheContent) {
  std::string entry = "<div class=entry-body>";
  for (int i = 1; i <= 12; ++i)
    entry += "<p>Morning walk along the river number " + std::to_string(i) + "</p>";
  entry += "</div>";
  std::string sidebar =
      "<div class=about><p>This blog is written by a retired teacher who likes rivers, long walks, old "
      "bridges, and quiet mornings, and who posts a few lines almost every day of the year.</p></div>";
  std::string text = TextOf("<html><body>" + sidebar + entry + "</body></html>");
  EXPECT_TRUE(Has(text, "Morning walk along the river number 1"));
  EXPECT_TRUE(Has(text, "Morning walk along the river number 12"));
}

// Must survive the other way: player controls (two-token lines) in a content element stay out.
TEST(ShortLinesTest, TinyControlLinesDoNotJoinTheContent) {
  std::string controls = "<div class=content-player>";
  for (const char* c : {"2.0X", "1.5X", "1.0X", "00:00", "HD", "SD"})
    controls += std::string("<div>") + c + "</div>";
  controls += "</div>";
  std::string text = TextOf("<html><body>" + controls + kArticle + "</body></html>");
  EXPECT_TRUE(Has(text, "approve the long-delayed bridge"));
  EXPECT_FALSE(Has(text, "1.5X"));
}

}  // namespace
}  // namespace gongkai::extract

namespace gongkai::extract {
namespace {

// Arabic-script and Devanagari sentence marks count as punctuation (not as word characters), so
// Urdu and Hindi paragraphs read as prose.
TEST(PunctuationTest, ArabicScriptAndDevanagariMarks) {
  text::Counts urdu = text::Count("پاکستان نے میچ جیت لیا، سیریز برابر۔");
  EXPECT_EQ(urdu.punct, 2);
  EXPECT_TRUE(urdu.ends_sentence);
  EXPECT_EQ(text::Count("भारत ने मैच जीता।").punct, 1);
  EXPECT_EQ(text::Count("plain words only").punct, 0);  // must-survive: no marks, no punctuation
}

void ExpectSameCounts(const text::Counts& a, const text::Counts& b, const std::string& context) {
  EXPECT_EQ(a.tokens, b.tokens) << context;
  EXPECT_EQ(a.cjk, b.cjk) << context;
  EXPECT_EQ(a.chars, b.chars) << context;
  EXPECT_EQ(a.punct, b.punct) << context;
  EXPECT_EQ(a.ends_sentence, b.ends_sentence) << context;
}

// CollapseSpace(s, &counts) counts what it writes, so its counts are Count() of the collapsed text,
// also where a dropped space joins two fullwidth letters into one word, and around bad bytes.
TEST(TextCountTest, CollapseCountsAreCountOfTheResult) {
  const std::vector<std::string> pieces = {
      "中文", " ",  "\u3000", "Ａ", "ＡＢ", "\u00A0", "word", ",", "。", "\n",     "12",   "\xE4\xB8",
      "\xFF", "䷀", "㐀",     "〇", "豈",   "😀",      "é",    "|", "：", "\u200B", "カナ", "？"};
  std::mt19937 rng(20261207);
  for (int n = 0; n < 3000; ++n) {
    std::string s;
    for (int k = static_cast<int>(rng() % 12); k > 0; --k) s += pieces[rng() % pieces.size()];
    text::Counts fused;
    const std::string collapsed = text::CollapseSpace(s, &fused);
    EXPECT_EQ(collapsed, text::CollapseSpace(s)) << s;
    ExpectSameCounts(fused, text::Count(collapsed), s);
  }
}

// Runs of Han are skipped without decoding each character; the characters at the edges of that
// fast path still count by their code point: U+3400 (Extension A), U+F900 and U+9FFF are Han,
// U+4DC0 (a hexagram, between Extension A and the main block) is a word, U+3007 is neither.
TEST(TextCountTest, HanRunEdges) {
  text::Counts c = text::Count("中文㐀䷀字〇豈鿿");
  EXPECT_EQ(c.chars, 8);
  EXPECT_EQ(c.cjk, 6);
  EXPECT_EQ(c.tokens, 7);
  // A cut sequence ends the run: each of its bytes is one U+FFFD, a character but not a token.
  c = text::Count("中文\xE4\xB8");
  EXPECT_EQ(c.chars, 4);
  EXPECT_EQ(c.cjk, 2);
  EXPECT_EQ(c.tokens, 2);
}

// A digest item whose sentence quotes several stories' links is still prose; a line that is
// nothing but links is not.
// The builder keeps its line and link buffers across lines: a line's link tokens are its own, lines of
// white space make no block, and the walk's one pass over attributes reads them as gumbo does.
TEST(BuildPageTest, LinesAttributesAndAnchors) {
  Page page = BuildPage(
      "<html><body><div ID=Main Class='Story Body' data-x=1><p><a href=/one>one two three</a> four</p>\n"
      "   \n\t<p>five <a href=/six> six </a></p><p><a href=/blank>  \n </a>seven</p>"
      "<p hidden>gone</p><p style='display:none'>gone</p><a href=''>no href</a></div></body></html>");
  std::vector<std::string> lines;
  std::vector<int> link_tokens;
  for (const Block& b : page.blocks) lines.push_back(b.text), link_tokens.push_back(b.link_tokens);
  EXPECT_EQ(lines, (std::vector<std::string>{"one two three four", "five six", "seven", "no href"}));
  EXPECT_EQ(link_tokens, (std::vector<int>{3, 1, 0, 2}));
  bool main_seen = false;
  for (const DomNode& n : page.nodes) main_seen = main_seen || n.id_class == "main story body";
  EXPECT_TRUE(main_seen);
  ASSERT_EQ(page.anchors.size(), 3u);
  EXPECT_EQ(page.anchors[0].href, "/one");
  EXPECT_EQ(page.anchors[0].text, "one two three");
  EXPECT_EQ(page.anchors[1].text, "six");
  EXPECT_EQ(page.anchors[2].href, "/blank");
  EXPECT_EQ(page.anchors[2].text, "");
}

TEST(LinkDensityTest, LinkedSentencesStayLinkListsGo) {
  std::string items = "<ol>";
  for (int i = 1; i <= 6; ++i)
    items += "<li><a href=/a" + std::to_string(i) +
             ">The state attorney general is investigating the company " + std::to_string(i) +
             "</a> amid layoffs, the company confirmed on Monday, and shares fell.</li>";
  items += "</ol>";
  std::string links = "<ul class=more>";
  for (int i = 1; i <= 6; ++i)
    links += "<li><a href=/m" + std::to_string(i) + ">More from the desk " + std::to_string(i) + "</a></li>";
  links += "</ul>";
  std::string text = TextOf(
      "<html><body><div class=post-content><p>Good morning! This is the news you need to "
      "know this Tuesday, in six short items.</p>" +
      items + links + "</div></body></html>");
  EXPECT_TRUE(Has(text, "investigating the company 6 amid layoffs"));
  EXPECT_FALSE(Has(text, "More from the desk"));
}

}  // namespace
}  // namespace gongkai::extract

namespace gongkai::extract {
namespace {

// Image wrappers hold captions: cut from the story, whatever their length.
TEST(MediaTest, CaptionsInImageWrappersAreCut) {
  std::string html =
      "<html><body><div class=article-body>" + kArticle +
      "<div class=inline-image-wrapper><div>The mayor, center, walks along the river bank with council "
      "members after the vote on Tuesday evening.</div><div>Jane Doe | Getty Images</div></div>"
      "<p>The council will meet again next month to choose the contractor, the clerk said, and residents "
      "can comment on the plans until the end of the year.</p></div></body></html>";
  std::string text = TextOf(html);
  EXPECT_TRUE(Has(text, "choose the contractor"));
  EXPECT_FALSE(Has(text, "The mayor, center, walks"));
}

// An author box below the story is chrome even inside a content-named wrapper.
TEST(HintTest, AuthorBioIsChrome) {
  EXPECT_EQ(ClassifyHint(" news-author-bio", GUMBO_TAG_DIV), Hint::kNegative);
  EXPECT_EQ(ClassifyHint(" about-the-author", GUMBO_TAG_SECTION), Hint::kNegative);
  EXPECT_EQ(ClassifyHint(" author", GUMBO_TAG_SPAN),
            Hint::kNone);  // must survive: a byline name is not a bio
}

// A biography written as prose is still cut: a prose paragraph with an odd class is kept, an author box not.
TEST(HintTest, ProseAuthorBioIsCut) {
  std::string html =
      "<html><body><div class=article-body>" + kArticle +
      "<div class=news-author-bio><h3>About the editor</h3><span>Jane Doe was born in 1994 in the "
      "city, studied journalism at the state university, and has worked for the paper since 2020, "
      "covering local politics and the council.</span></div></div></body></html>";
  std::string text = TextOf(html);
  EXPECT_TRUE(Has(text, "margin after a long evening"));
  EXPECT_FALSE(Has(text, "studied journalism"));
}

// A sign-up box is chrome even when a font class on it says "headline" and its pitch reads as prose.
TEST(HintTest, ProseNewsletterSignupIsCut) {
  EXPECT_EQ(ClassifyHint(" inline-newsletter-signup headline-regular", GUMBO_TAG_DIV), Hint::kStrongNegative);
  EXPECT_EQ(ClassifyHint(" article-headline", GUMBO_TAG_DIV), Hint::kTitle);  // must survive
  std::string html =
      "<html><body><div class=article-body>" + kArticle +
      "<div class=\"inline-newsletter-signup headline-regular\"><p>Sign up to get the inside scoop on "
      "today's biggest stories in markets, tech, and business, delivered daily to your inbox.</p></div>"
      "<p>The council will meet again next month to choose the contractor, the clerk said, and residents "
      "can comment on the plans until the end of the year.</p></div></body></html>";
  std::string text = TextOf(html);
  EXPECT_TRUE(Has(text, "choose the contractor"));
  EXPECT_FALSE(Has(text, "inside scoop"));
}

// Pop-up layers (text-to-speech and font-size panels) are chrome; a word that merely contains "layer" is not.
TEST(HintTest, PopupLayerIsChrome) {
  EXPECT_EQ(ClassifyHint(" ttsviewlayer view_layer", GUMBO_TAG_DIV), Hint::kNegative);
  EXPECT_EQ(ClassifyHint(" layui-layer", GUMBO_TAG_DIV), Hint::kNegative);
  EXPECT_EQ(ClassifyHint(" player", GUMBO_TAG_DIV), Hint::kNone);  // must survive
}

// A short <figcaption> is the photo's caption and stays; a long one (a gallery item's own text) goes.
TEST(CaptionTest, ShortFigcaptionStaysLongOneGoes) {
  std::string html =
      "<html><body><div class=article-body>" + kArticle +
      "<figure><img src=a.jpg><figcaption>The mayor walks along the river bank.</figcaption></figure>"
      "<figure><img src=b.jpg><figcaption>" +
      std::string(3, ' ') +
      "Card three says the week ahead brings news from an old friend, a long journey, a small win at "
      "work and a quiet evening at home with the people you love most of all, so take the time to rest, "
      "call your family and plan the trip you have put off for so long.</figcaption></figure>"
      "<p>The council will meet again next month to choose the contractor, the clerk said, and residents "
      "can comment on the plans until the end of the year.</p></div></body></html>";
  std::string text = TextOf(html);
  EXPECT_TRUE(Has(text, "The mayor walks along the river bank."));
  EXPECT_FALSE(Has(text, "Card three says"));
  EXPECT_TRUE(Has(text, "choose the contractor"));
}

// Must survive: a class that only says the card has an image is not an image wrapper.
TEST(MediaTest, HasImageModifierIsNotMedia) {
  EXPECT_EQ(ClassifyHint(" photo-gallery", GUMBO_TAG_DIV), Hint::kMedia);
  EXPECT_EQ(ClassifyHint(" img", GUMBO_TAG_DIV), Hint::kMedia);
  EXPECT_EQ(ClassifyHint(" recipe-card mv-create-has-image", GUMBO_TAG_DIV), Hint::kNone);
}

}  // namespace
}  // namespace gongkai::extract
