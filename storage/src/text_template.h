// The built-in template of an annual report (政府信息公开工作年度报告, the 2021 format of
// 国办公开办函〔2021〕30号) against which extraction texts and tables are compressed, together
// with their page (text_codec.h, form 0x03): its standard sentences and headings, and its standard
// tables as the extractor writes them (JSON rows of cells, numbers as "0"), so that the labels and
// the JSON around every cell cost next to nothing. Internal to storage.
#pragma once

#include <string_view>

namespace gongkai::storage {

// Template version 1. NEVER CHANGE A BYTE OF IT (text_template.cc): every text stored in form 0x03
// of every released archive was compressed against exactly these bytes.
std::string_view ReportTemplateV1();

}  // namespace gongkai::storage
