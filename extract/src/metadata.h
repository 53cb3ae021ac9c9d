// Metadata of a report page: title, publication date, source, site and column, from <meta> tags
// (the 集约化/Hanweb names ArticleTitle, PubDate, ContentSource, SiteName, ColumnName first), the
// title/date lines around the article's start, <title> and the breadcrumb.
#pragma once

#include <optional>
#include <string>

#include "content.h"
#include "document.h"

namespace gongkai::extract {

struct Metadata {
  std::string title;
  std::optional<std::string> published;
  std::string source;
  std::string site;
  std::string column;
  int title_block = -1;  // the block the title was read from, or -1
};

Metadata ExtractMetadata(const Page& page, const ContentSelection& content);

// "<article> _ <site>" -> {"<article>", ..., "<site>"}: <title> cut at the separators portals use.
std::vector<std::string> SplitTitle(const std::string& title);

}  // namespace gongkai::extract
