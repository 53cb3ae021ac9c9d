// What a route answers, before charset, conditional-request and fault handling by the server.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace gongkai::portal {

struct Page {
  enum class Special {
    kNone,
    kReset,      // reset the connection before answering
    kTruncated,  // announce the whole body, send half, close
    kDrip,       // send the body a few bytes at a time
    kOversized,  // stream `oversized_bytes` of filler HTML
  };
  int status = 200;
  std::string content_type = "text/html";  // without charset
  std::string body;                        // UTF-8 for html pages, raw bytes otherwise
  bool html = false;                       // the site's charset applies (transcode + declare)
  int64_t last_modified = 0;               // Unix seconds; 0 = no Last-Modified/ETag (dynamic)
  std::string location;                    // for 3xx
  std::vector<std::pair<std::string, std::string>> headers;
  Special special = Special::kNone;
};

struct PageRequest {
  std::string method;
  std::string path;                           // without query
  std::string target;                         // path?query as requested
  std::map<std::string, std::string> params;  // query (and form) parameters
};

// The current revision of report `index` (see Portal::ModifyReport).
using RevisionOf = std::function<int(int index)>;

}  // namespace gongkai::portal
