// Pages built to make an extractor do work superlinear in their size (issue 17.5): one report
// page with N items of one kind. Shared by bench/extract/hostile_bench and the linear-work test
// (tests/extract/linear_work_test.cc).
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace gongkai::extract::bench {

struct HostileKind {
  const char* name;
  std::function<std::string(int n)> make;
};

inline std::string Wrap(const std::string& body) {
  return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>某市2022年政府信息公开工作年度报告</title>"
         "</head><body><div class=\"content\"><h1>某市2022年政府信息公开工作年度报告</h1>"
         "<p>本报告根据《中华人民共和国政府信息公开条例》编制，全年主动公开政府信息一千二百条。</p>" +
         body + "<p>本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。</p></div></body></html>";
}

inline std::vector<HostileKind> HostileKinds() {
  return {
      {"attributes",
       [](int n) {
         std::string tag = "<p";
         for (int i = 0; i < n; ++i) tag += " a" + std::to_string(i) + "=\"x\"";
         return Wrap(tag + ">正文段落。</p>");
       }},
      {"attachments",
       [](int n) {
         std::string body = "<p>附件：</p>";
         for (int i = 0; i < n; ++i)
           body += "<a href=\"/f/" + std::to_string(i) + ".pdf\">附件" + std::to_string(i) + ".pdf</a>";
         return Wrap(body);
       }},
      {"links",
       [](int n) {
         std::string body = "<p>";
         for (int i = 0; i < n; ++i)
           body += "<a href=\"/p/" + std::to_string(i) + ".html\">第" + std::to_string(i) + "页</a>";
         return Wrap(body + "</p>");
       }},
      {"classes",
       [](int n) {
         std::string cls;
         for (int i = 0; i < n; ++i) cls += " c" + std::to_string(i);
         return Wrap("<p class=\"" + cls + "\">正文段落。</p><div id=\"" + cls + "\">说明。</div>");
       }},
      {"nesting",
       [](int n) {
         std::string open, close;
         for (int i = 0; i < n; ++i) {
           open += "<div>";
           close += "</div>";
         }
         return Wrap(open + "<p>深处的正文。</p><a href=\"/f/deep.pdf\">附件.pdf</a>" + close);
       }},
      {"spans",
       [](int n) {
         std::string rows = "<table>";
         for (int i = 0; i < n / 10; ++i) {
           rows += "<tr><td rowspan=\"65534\" colspan=\"1000\">格" + std::to_string(i) + "</td>";
           for (int k = 0; k < 9; ++k) rows += "<td colspan=\"1000\">1</td>";
           rows += "</tr>";
         }
         return Wrap(rows + "</table>");
       }},
  };
}

}  // namespace gongkai::extract::bench
