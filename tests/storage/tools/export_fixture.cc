// `storage_export_fixture ARCHIVE CAPTURES`: writes a synthetic archive of CAPTURES captures
// (synthetic_archive.h) for cli/export_memory_test.sh. Exit 0 on success, 1 with the error on stderr.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "synthetic_archive.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s ARCHIVE CAPTURES\n", argv[0]);
    return 2;
  }
  gongkai::storage::Status status = gongkai::storage::synthetic::WriteArchive(argv[1], std::atoll(argv[2]));
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", status.ToString().c_str());
    return 1;
  }
  return 0;
}
