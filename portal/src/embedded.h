// The files of portal/data, compiled into the library (see cmake/embed.cmake).
#pragma once

#include <string_view>

namespace gongkai::portal {

struct EmbeddedFile {
  const char* name;
  const char* text;
};
extern const EmbeddedFile kEmbeddedFiles[];
extern const int kEmbeddedFileCount;

// The bytes of data/<name>, or an empty view if there is no such file.
std::string_view EmbeddedText(std::string_view name);

}  // namespace gongkai::portal
