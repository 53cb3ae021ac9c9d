// Reading the HTML that wvWare (Debian's `wv`) writes for a Word 97-2003 binary document: the DOC
// reader's first choice, because wvWare walks the file's own table structure (TAPs) and prints every
// table as <td rowspan colspan>, merged cells included, where antiword drops or splits them.
//
// What wvWare prints, and how it is read:
// - every paragraph is a <div name="STYLE"> (the paragraph's Word style: "Heading 1", "标题 2",
//   "Title", "Header", "页脚", ...): headings come from the style, header and footer stories (which
//   wvWare prints after the body) are dropped;
// - every table row prints a cell at every grid position; a cell covered by a vertical merge is
//   printed with rowspan="0". Its text is then the merged cell's, repeated from the row above — unless
//   it prints text of its own: wvWare counts a restarted merge ("(四)无法提供" right under the rows of
//   "(三)不予公开") as a continuation, but keeps the text, so a rowspan="0" cell with text starts a
//   new merged cell.
#pragma once

#include <string>

#include "file_document.h"

namespace gongkai::extract {

// Appends the blocks of wvWare's HTML to doc->blocks. False when the HTML holds no text at all.
bool ReadWvHtml(const std::string& html, FileDocument* doc);

}  // namespace gongkai::extract
