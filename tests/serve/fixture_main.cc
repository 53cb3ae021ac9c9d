// serve_fixture ARCHIVE OUTSIDE_URL: writes the serve tests' archive (fixture_archive.h) and prints
// its capture ids as JSON, for the CLI and browser tests.
#include <cstdio>

#include "fixture_archive.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: serve_fixture ARCHIVE OUTSIDE_URL\n");
    return 2;
  }
  gongkai::serve::testing::FixtureIds ids;
  auto status = gongkai::serve::testing::WriteFixtureArchive(argv[1], argv[2], &ids);
  if (!status.ok()) {
    std::fprintf(stderr, "serve_fixture: %s\n", status.ToString().c_str());
    return 1;
  }
  std::printf(
      "{\"seed\":%lld,\"report\":%lld,\"old_report\":%lld,\"stylesheet\":%lld,\"image\":%lld,"
      "\"attachment\":%lld,\"hostile\":%lld,\"not_found\":%lld}\n",
      static_cast<long long>(ids.seed), static_cast<long long>(ids.report),
      static_cast<long long>(ids.old_report), static_cast<long long>(ids.stylesheet),
      static_cast<long long>(ids.image), static_cast<long long>(ids.attachment),
      static_cast<long long>(ids.hostile), static_cast<long long>(ids.not_found));
  return 0;
}
