// seeds/*.toml loading (see seed_files.h).
#include "seed_files.h"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "crawler/url.h"

namespace gongkai::app {
namespace {

using crawler::CanonicalUrl;
using crawler::EscapeControlChars;
using crawler::FindControlChar;
using crawler::Seed;
using crawler::StripUserinfo;

std::string Where(const std::string& source, const toml::node& node) {
  return source + ":" + std::to_string(node.source().begin.line);
}

bool ReadStrings(const toml::node& node, const std::string& where, const std::string& key,
                 std::vector<std::string>* out, std::string* error) {
  const toml::array* array = node.as_array();
  if (array == nullptr) {
    *error = where + ": key '" + key + "': expected an array of strings";
    return false;
  }
  for (const auto& item : *array) {
    auto value = item.value<std::string>();
    if (!value) {
      *error = where + ": key '" + key + "': expected an array of strings";
      return false;
    }
    out->push_back(*value);
  }
  return true;
}

bool ReadSeed(const toml::table& table, const std::string& source, Seed* seed, std::string* error) {
  for (const auto& [key_node, value] : table) {
    std::string key(key_node.str());
    std::string where = Where(source, value);
    auto wrong = [&](const char* what) {
      *error = where + ": key '" + key + "': expected " + what;
      return false;
    };
    if (key == "name" || key == "region" || key == "notes") {
      auto text = value.value<std::string>();
      if (!text) return wrong("a string");
      if (key == "name") seed->name = *text;
      if (key == "region") seed->region = *text;
    } else if (key == "urls" || key == "listing_urls" || key == "allowed_hosts" ||
               key == "report_link_keywords") {
      std::vector<std::string>* out = key == "urls"            ? &seed->urls
                                      : key == "listing_urls"  ? &seed->listing_urls
                                      : key == "allowed_hosts" ? &seed->allowed_hosts
                                                               : &seed->report_link_keywords;
      if (!ReadStrings(value, where, key, out, error)) return false;
    } else if (key == "verified") {
      auto flag = value.value<bool>();
      if (!flag || !value.is_boolean()) return wrong("true or false");
      seed->verified = *flag;
    } else if (key == "min_delay_ms" || key == "max_pages") {
      auto number = value.value<int64_t>();
      if (!number || !value.is_integer() || *number < 0) return wrong("a non-negative integer");
      if (key == "min_delay_ms") seed->min_delay_ms = *number;
      if (key == "max_pages") seed->max_pages = static_cast<int>(*number);
    } else {
      *error = where + ": unknown key '" + key + "' in [[seed]]";
      return false;
    }
  }
  std::string where = source + ":" + std::to_string(table.source().begin.line);
  if (seed->name.empty()) {
    *error = where + ": [[seed]] without a name";
    return false;
  }
  for (const std::string* text : {&seed->name, &seed->region}) {
    if (FindControlChar(*text) != std::string::npos) {
      *error = where + ": seed '" + EscapeControlChars(seed->name) + "': '" + EscapeControlChars(*text) +
               "' contains a control character";
      return false;
    }
  }
  for (const auto& host : seed->allowed_hosts) {
    if (FindControlChar(host) != std::string::npos) {
      *error = where + ": seed '" + EscapeControlChars(seed->name) + "': allowed host '" +
               EscapeControlChars(host) + "' contains a control character";
      return false;
    }
  }
  if (seed->urls.empty() && seed->listing_urls.empty()) {
    *error = where + ": seed '" + seed->name + "' has no urls (or listing_urls)";
    return false;
  }
  for (auto* list : {&seed->urls, &seed->listing_urls}) {
    for (auto& url : *list) {
      if (FindControlChar(url) != std::string::npos) {
        *error = where + ": seed '" + EscapeControlChars(seed->name) + "': URL '" + EscapeControlChars(url) +
                 "' contains a control character";
        return false;
      }
      url = StripUserinfo(url);  // credentials never reach the archive
    }
  }
  for (const auto& url : SeedUrls(*seed)) {
    if (CanonicalUrl(url).empty()) {
      *error = where + ": seed '" + seed->name + "': URL '" + url + "' is not an absolute http(s) URL";
      return false;
    }
  }
  seed->source = source;
  return true;
}

}  // namespace

Status LoadSeedText(const std::string& text, const std::string& source_name, std::vector<Seed>* seeds) {
  toml::table root;
  try {
    root = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument(source_name + ":" + std::to_string(e.source().begin.line) + ": " +
                                   std::string(e.description()));
  }
  for (const auto& [key, value] : root) {
    if (key.str() != "seed") {
      return Status::InvalidArgument(Where(source_name, value) + ": unknown key '" + std::string(key.str()) +
                                     "' (expected [[seed]] tables)");
    }
  }
  const toml::array* list = root["seed"].as_array();
  if (list == nullptr) return Status::OK();  // an empty seed file is allowed
  for (const auto& node : *list) {
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      return Status::InvalidArgument(Where(source_name, node) +
                                     ": 'seed' must be an array of tables ([[seed]])");
    }
    Seed seed;
    std::string error;
    if (!ReadSeed(*table, source_name, &seed, &error)) return Status::InvalidArgument(error);
    seeds->push_back(std::move(seed));
  }
  return Status::OK();
}

Status LoadSeedFile(const std::string& path, std::vector<Seed>* seeds) {
  toml::table root;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::NotFound(path + ": cannot read the seed file");
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return LoadSeedText(text, path, seeds);
}

Status LoadSeeds(const std::string& file_or_dir, std::vector<Seed>* seeds) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<std::string> files;
  if (fs::is_directory(file_or_dir, ec)) {
    for (const auto& entry : fs::directory_iterator(file_or_dir, ec)) {
      if (entry.path().extension() == ".toml") files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
  } else if (fs::exists(file_or_dir, ec)) {
    files.push_back(file_or_dir);
  } else {
    return Status::NotFound(file_or_dir + ": no such seed file or directory");
  }
  for (const auto& file : files) {
    Status status = LoadSeedFile(file, seeds);
    if (!status.ok()) return status;
  }
  std::set<std::string> names;
  for (const auto& seed : *seeds) {
    if (!names.insert(seed.name).second) {
      return Status::InvalidArgument(seed.source + ": seed name '" + seed.name + "' is used twice");
    }
  }
  return Status::OK();
}

}  // namespace gongkai::app
