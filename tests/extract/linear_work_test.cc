// Issue 17.5, linear time on hostile input, asserted by counting work against input size (never
// by timing; bench/extract/hostile_bench prints the time curve, 10k .. 1M items).
#include <gumbo.h>
#include <gtest/gtest.h>

#include <string>

#include "extract/extractor.h"
#include "hostile_pages.h"
#include "html_guard.h"
#include "parse_input.h"

namespace gongkai::extract {
namespace {

std::string Page(const char* kind, int n) {
  for (const auto& k : bench::HostileKinds()) {
    if (std::string(k.name) == kind) return k.make(n);
  }
  return "";
}

// Gumbo compares each attribute of an element with the ones before it: k attributes cost
// k(k-1)/2 comparisons. Sums that over every element of what Gumbo is given.
double GumboAttributeComparisons(std::string_view html) {
  GumboOutput* output = gumbo_parse(std::string(html).c_str());
  double work = 0;
  std::vector<const GumboNode*> stack{output->root};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (node->type != GUMBO_NODE_ELEMENT) continue;
    const double k = node->v.element.attributes.length;
    work += k * (k - 1) / 2;
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i)
      stack.push_back(static_cast<const GumboNode*>(children.data[i]));
  }
  gumbo_destroy_output(&kGumboDefaultOptions, output);
  return work;
}

TEST(LinearWorkTest, AttributeChecksPerInputByteStayBoundedAsAttributesGrow) {
  // 160k attributes on one element took 91 s: Gumbo's duplicate check was N^2 / 2 = 1.3e10.
  for (int n : {20000, 160000}) {
    std::string html = Page("attributes", n);
    std::string storage;
    std::string_view capped = ParseInput(html, &storage);
    double per_byte = GumboAttributeComparisons(capped) / static_cast<double>(html.size());
    EXPECT_LE(per_byte, 40.0) << n << " attributes: " << per_byte << " comparisons per input byte";
  }
}

TEST(LinearWorkTest, CappedTagsKeepTheirFirstAttributesAndEverythingAfter) {
  std::string html = "<p a1=\"x>y\" a2 a3='z' a4=w>text</p><div id=d>more</div>";
  std::string storage;
  EXPECT_EQ(ParseInput(html, &storage, 2), "<p a1=\"x>y\" a2  >text</p><div id=d>more</div>");
  EXPECT_EQ(ParseInput("<p a b>ok</p>", &storage, 2).data(), std::string_view("<p a b>ok</p>").data())
      << "nothing to cut: the input itself, no copy";
}

TEST(LinearWorkTest, EveryDistinctAttachmentIsKeptOnceAmong120kLinks) {
  // The O(N^2) dedup (a linear scan per link) took 34 s on 200k links. 120k stays under the
  // element cap (html_guard.h kMaxElements), past which the parse stops.
  std::string html = Page("attachments", 120000);
  html.insert(html.find("</div></body>"),
              "<a href=\"/f/7.pdf\">附件7.pdf</a><a href=\"/f/7.pdf\">again.pdf</a>");
  Extraction e;
  Status status;
  Options options;
  options.max_input_bytes = 64 << 20;
  ASSERT_TRUE((status = Extract({html, "http://a.gov.test/r/1.html", "text/html", ""}, options, &e)).ok())
      << status.message();
  EXPECT_EQ(e.attachments.size(), 120000u);
  EXPECT_EQ(e.attachments[7].url, "http://a.gov.test/f/7.pdf");
}

TEST(LinearWorkTest, HostilePagesStillGiveTheReport) {
  for (const auto& kind : bench::HostileKinds()) {
    std::string html = kind.make(20000);
    Extraction e;
    Status status;
    ASSERT_TRUE((status = Extract({html, "http://a.gov.test/r/1.html", "text/html", ""}, Options{}, &e)).ok())
        << kind.name << ": " << status.message();
    EXPECT_NE(e.text.find("一千二百条"), std::string::npos) << kind.name;
  }
}

}  // namespace
}  // namespace gongkai::extract
