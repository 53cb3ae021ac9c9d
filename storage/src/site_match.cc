// SQL functions behind GONGKAI_HOST_IS (see site_match.h).
#include "site_match.h"

#include <string>
#include <string_view>

#include "base/url.h"

namespace gongkai::storage {
namespace {

std::string_view TextArgument(sqlite3_value* value) {
  const unsigned char* text = sqlite3_value_text(value);
  return text ? std::string_view(reinterpret_cast<const char*>(text), sqlite3_value_bytes(value))
              : std::string_view();
}

void SiteOfFunction(sqlite3_context* context, int, sqlite3_value** argv) {
  std::string site = HostPortOf(TextArgument(argv[0]));
  sqlite3_result_text(context, site.data(), static_cast<int>(site.size()), SQLITE_TRANSIENT);
}

void BareHostFunction(sqlite3_context* context, int, sqlite3_value** argv) {
  std::string_view site = TextArgument(argv[0]);
  size_t colon = site.rfind(':');
  size_t bracket = site.rfind(']');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || bracket < colon))
    site = site.substr(0, colon);
  sqlite3_result_text(context, site.data(), static_cast<int>(site.size()), SQLITE_TRANSIENT);
}

}  // namespace

Status RegisterSiteFunctions(sqlite3* db) {
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int rc = sqlite3_create_function_v2(db, "gongkai_site_of", 1, flags, nullptr, &SiteOfFunction, nullptr,
                                      nullptr, nullptr);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2(db, "gongkai_bare_host", 1, flags, nullptr, &BareHostFunction, nullptr,
                                    nullptr, nullptr);
  if (rc != SQLITE_OK)
    return Status::IOError(std::string("cannot register the site functions: ") + sqlite3_errmsg(db));
  return Status::OK();
}

}  // namespace gongkai::storage
