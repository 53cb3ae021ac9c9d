// Matching a capture's or report's host column against a site the user names (--site, `stats`).
// Since base/url.h the host column keeps a non-default port ("127.0.0.1:8080"); archives written
// before it hold the bare host ("127.0.0.1") for every port. GONGKAI_HOST_IS() accepts both: the
// column equals the site, or the column is the site's bare host and the row's own URL is on the
// site. A port-80 row of the same host therefore never matches "host:8080", old rows or new.
#pragma once

#include <sqlite3.h>

#include "storage/status.h"

// SQL: whether `host_column` (with `url_column`, the URL it was taken from) is the site `site`
// (a parameter such as "?1"). Both equality terms can use an index on `host_column`.
#define GONGKAI_HOST_IS(host_column, url_column, site)                        \
  "(" host_column " = " site " OR (" host_column " = gongkai_bare_host(" site \
  ") AND gongkai_site_of(" url_column ") = " site "))"

namespace gongkai::storage {

// Registers on `db`: gongkai_site_of(url) -> HostPortOf(url) ("" when it does not parse), and
// gongkai_bare_host(site) -> `site` without its ":port" ("[::1]:8080" -> "[::1]").
Status RegisterSiteFunctions(sqlite3* db);

}  // namespace gongkai::storage
