// The JSON shapes of an extraction's tables and attachments, which storage owns (extraction_json.h):
// what the exports print, and what the archive reads back.
#include "extraction_json.h"

#include <gtest/gtest.h>

#include "storage/export.h"

namespace gongkai::storage {
namespace {

TEST(ExtractionJsonTest, TablesAreArraysOfRowsOfCells) {
  ExtractionRecord e;
  e.tables = {{{"项目", "数量"}, {"申请", "100"}}, {}};
  EXPECT_EQ(TablesJsonText(e), R"([[["项目","数量"],["申请","100"]],[]])");
  EXPECT_EQ(TablesFromJsonText(TablesJsonText(e)), e.tables);
}

TEST(ExtractionJsonTest, APlainAttachmentIsNameAndUrlOnly) {
  ExtractionRecord e;
  e.attachments = {AttachmentLink("附件", "http://a.test/f.pdf")};
  EXPECT_EQ(AttachmentsJsonText(e), R"([{"name":"附件","url":"http://a.test/f.pdf"}])");
  EXPECT_EQ(AttachmentsFromJsonText(AttachmentsJsonText(e)), e.attachments);
}

TEST(ExtractionJsonTest, AFileReadAsReportCarriesWhatReadingGaveKeysInAlphabeticalOrder) {
  AttachmentRecord a = AttachmentLink("报告", "http://a.test/r.pdf");
  a.read_as_file = true;
  a.format = "pdf";
  a.extracted = true;
  a.pages = 4;
  a.title = "年度报告";
  a.published = "2023-01-20";
  a.text = "正文";
  a.tables = {{{"a"}}};
  a.primary = true;
  ExtractionRecord e;
  e.attachments = {a};
  EXPECT_EQ(AttachmentsJsonText(e),
            R"([{"format":"pdf","name":"报告","ocr":false,"pages":4,"primary":true,"published":"2023-01-20",)"
            R"("tables":[[["a"]]],"text":"正文","title":"年度报告","url":"http://a.test/r.pdf"}])");
  EXPECT_EQ(AttachmentsFromJsonText(AttachmentsJsonText(e)), e.attachments);
}

TEST(ExtractionJsonTest, AFileThatCouldNotBeReadCarriesItsFormatAndError) {
  AttachmentRecord a = AttachmentLink("报告", "http://a.test/r.doc");
  a.read_as_file = true;
  a.format = "doc";
  a.error = "damaged";
  ExtractionRecord e;
  e.attachments = {a};
  EXPECT_EQ(AttachmentsJsonText(e),
            R"([{"error":"damaged","format":"doc","name":"报告","url":"http://a.test/r.doc"}])");
  EXPECT_EQ(AttachmentsFromJsonText(AttachmentsJsonText(e)), e.attachments);
}

TEST(ExtractionJsonTest, TextThatIsNotSuchJsonReadsAsNothing) {
  EXPECT_TRUE(TablesFromJsonText("not json").empty());
  EXPECT_TRUE(AttachmentsFromJsonText("{\"name\":1}").empty());
  std::vector<AttachmentRecord> odd = AttachmentsFromJsonText(R"([{"url":"u","pages":"x","ocr":1}])");
  ASSERT_EQ(odd.size(), 1u);  // wrong types give defaults, never an exception
  EXPECT_EQ(odd[0].pages, 0);
  EXPECT_FALSE(odd[0].ocr);
}

}  // namespace
}  // namespace gongkai::storage
