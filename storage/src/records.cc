#include "storage/records.h"

#include <iterator>

namespace gongkai::storage {
namespace {

// Indexed by the enum values; these names are stored in the archive.
const char* const kDiscoveryNames[] = {"seed",       "listing", "pagination", "report",
                                       "attachment", "sitemap", "robots",     "imported"};
const char* const kPageKindNames[] = {"robots", "listing", "report", "attachment", "challenge", "other"};

template <typename Enum, std::size_t N>
bool ParseName(std::string_view name, const char* const (&names)[N], Enum* out) {
  for (std::size_t i = 0; i < N; ++i) {
    if (name == names[i]) {
      *out = static_cast<Enum>(i);
      return true;
    }
  }
  return false;
}

}  // namespace

const char* ToString(DiscoveryKind kind) {
  auto i = static_cast<std::size_t>(kind);
  return i < std::size(kDiscoveryNames) ? kDiscoveryNames[i] : "unknown";
}

const char* ToString(PageKind kind) {
  auto i = static_cast<std::size_t>(kind);
  return i < std::size(kPageKindNames) ? kPageKindNames[i] : "unknown";
}

const char* ToString(BodyChange change) {
  switch (change) {
    case BodyChange::kNone:
      return "none";
    case BodyChange::kNew:
      return "new";
    case BodyChange::kChanged:
      return "changed";
    case BodyChange::kUnchanged:
      return "unchanged";
    case BodyChange::kRevisit:
      return "revisit";
  }
  return "unknown";
}

bool ParseDiscoveryKind(std::string_view name, DiscoveryKind* kind) {
  return ParseName(name, kDiscoveryNames, kind);
}

bool ParsePageKind(std::string_view name, PageKind* kind) {
  return ParseName(name, kPageKindNames, kind);
}

}  // namespace gongkai::storage
