// What an imported page is, with the signals a crawl uses (crawler discovery over the decoded
// page): a listing links several reports (or pages through them) and has little text of its own, a
// report is any other HTML (or XML) page,
// anything else is an attachment. Used by `gongkai import-warc`.
#pragma once

#include <string>
#include <string_view>

#include "crawler/options.h"
#include "storage/records.h"

namespace gongkai::app {

// A 2xx page of `url` with this Content-Type and body (as received, any charset).
storage::PageKind ClassifyImportedPage(const crawler::Options& options, const std::string& url,
                                       const std::string& content_type, std::string_view body);

}  // namespace gongkai::app
