#include "config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <variant>
#include <vector>

#include "storage/digest.h"

namespace gongkai::app {
namespace {

using Target =
    std::variant<std::string*, int*, int64_t*, std::size_t*, double*, bool*, std::vector<std::string>*>;

// One config key: where it lands and which values are acceptable.
struct Binding {
  std::string key;  // "section.field"
  Target target;
  double min = 0;  // numbers only
  double max = std::numeric_limits<double>::max();
  bool allow_empty = false;  // strings only
};

std::vector<Binding> Bindings(Config& c) {
  auto& cr = c.crawler;
  constexpr double kDay = 24.0 * 3600 * 1000;
  return {
      {"crawler.user_agent", &cr.user_agent},
      {"crawler.robots_product_token", &cr.robots_product_token},
      {"crawler.max_in_flight_per_host", &cr.max_in_flight_per_host, 1, 64},
      {"crawler.max_in_flight_per_ip", &cr.max_in_flight_per_ip, 1, 64},
      {"crawler.max_in_flight_total", &cr.max_in_flight_total, 1, 1024},
      {"crawler.min_delay_ms", &cr.min_delay_ms, 0, kDay},
      {"crawler.max_delay_ms", &cr.max_delay_ms, 0, kDay},
      {"crawler.adaptive_delay_factor", &cr.adaptive_delay_factor, 0, 1000},
      {"crawler.max_crawl_delay_ms", &cr.max_crawl_delay_ms, 0, kDay},
      {"crawler.robots_cache_ms", &cr.robots_cache_ms, 0, 365 * kDay},
      {"crawler.robots_retry_ms", &cr.robots_retry_ms, 0, kDay},
      {"crawler.max_retries", &cr.max_retries, 0, 100},
      {"crawler.backoff_base_ms", &cr.backoff_base_ms, 0, kDay},
      {"crawler.backoff_max_ms", &cr.backoff_max_ms, 0, kDay},
      {"crawler.park_host_after_failures", &cr.park_host_after_failures, 1, 1000},
      {"crawler.throttle_base_ms", &cr.throttle_base_ms, 0, kDay},
      {"crawler.throttle_max_ms", &cr.throttle_max_ms, 0, 30 * kDay},
      {"crawler.throttle_forgive_ms", &cr.throttle_forgive_ms, 0, 30 * kDay},
      {"crawler.connect_timeout_ms", &cr.connect_timeout_ms, 1, kDay},
      {"crawler.total_timeout_ms", &cr.total_timeout_ms, 1, kDay},
      {"crawler.low_speed_bytes_per_s", &cr.low_speed_bytes_per_s, 0, 1e12},
      {"crawler.low_speed_time_ms", &cr.low_speed_time_ms, 0, kDay},
      {"crawler.max_body_bytes", &cr.max_body_bytes, 1, 1e12},
      {"crawler.max_redirects", &cr.max_redirects, 0, 50},
      {"crawler.verify_tls", &cr.verify_tls},
      {"crawler.ca_file", &cr.ca_file, 0, 0, /*allow_empty=*/true},  // "" = the system CA store
      {"crawler.max_depth", &cr.max_depth, 0, 1000},
      {"crawler.max_pages_per_host", &cr.max_pages_per_host, 1, 1e9},
      {"crawler.max_listing_pages", &cr.max_listing_pages, 1, 1e6},
      {"crawler.max_column_hops", &cr.max_column_hops, 0, 100},
      {"crawler.probe_sitemap", &cr.probe_sitemap},
      {"crawler.max_sitemaps_per_host", &cr.max_sitemaps_per_host, 0, 10000},
      {"crawler.max_sitemap_urls_per_host", &cr.max_sitemap_urls_per_host, 0, 1e7},
      {"crawler.sitemap_column_words", &cr.sitemap_column_words},
      {"crawler.report_link_keywords", &cr.report_link_keywords},
      {"crawler.mixed_list_min_keyword_share", &cr.mixed_list_min_keyword_share, 0, 1},
      {"crawler.attachment_extensions", &cr.attachment_extensions},
      {"crawler.session_parameters", &cr.session_parameters},
      {"crawler.recrawl_interval_ms", &cr.recrawl_interval_ms, 0, 3650 * kDay},
      {"extract.max_input_bytes", &c.extract.max_input_bytes, 1024, 1e10},
      {"extract.extra_boilerplate_patterns", &c.extract.extra_boilerplate_patterns},
      {"extract.max_file_bytes", &c.extract.max_file_bytes, 1024, 1e10},
      {"extract.max_file_pages", &c.extract.max_file_pages, 1, 100000},
      {"extract.max_unzipped_bytes", &c.extract.max_unzipped_bytes, 1024, 1e10},
      {"extract.helper_cpu_seconds", &c.extract.helper_cpu_seconds, 1, 3600},
      {"extract.helper_memory_mb", &c.extract.helper_memory_mb, 16, 65536},
      {"extract.ocr", &c.extract.ocr},
      {"extract.ocr_max_pages", &c.extract.ocr_max_pages, 1, 10000},
      {"archive.path", &c.archive.path},
      {"archive.zstd_level", &c.archive.zstd_level, 1, 22},
      {"archive.busy_timeout_ms", &c.archive.busy_timeout_ms, 0, 3600 * 1000},
      {"archive.durable_commits", &c.archive.durable_commits},
      {"archive.redact_headers", &c.archive.redact_headers},
      {"seeds.dir", &c.seeds_dir},
      {"hooks.on_failure", &c.on_failure, 0, 0, /*allow_empty=*/true},
  };
}

// CR, LF and other control characters in a config string would cross a boundary: a user_agent
// with CRLF injects header lines into every request (then archived and exported).
bool NoControlChars(const std::string& value, std::string* problem) {
  for (unsigned char c : value) {
    if (c < 0x20 || c == 0x7F) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", c);
      *problem = std::string("contains the control character ") + hex +
                 " (CR, LF and other control characters are refused)";
      return false;
    }
  }
  return true;
}

std::string Where(const std::string& source, const toml::node& node) {
  return source + ":" + std::to_string(node.source().begin.line);
}

// Reads `node` into the binding's target, or explains what is wrong.
bool Assign(const Binding& b, const toml::node& node, std::string* problem) {
  return std::visit(
      [&](auto* target) -> bool {
        using T = std::remove_pointer_t<decltype(target)>;
        if constexpr (std::is_same_v<T, std::string>) {
          auto v = node.value_exact<std::string>();
          if (!v) return *problem = "must be a string", false;
          if (v->empty() && !b.allow_empty) return *problem = "must not be empty", false;
          if (!NoControlChars(*v, problem)) return false;
          *target = *v;
        } else if constexpr (std::is_same_v<T, bool>) {
          auto v = node.value_exact<bool>();
          if (!v) return *problem = "must be true or false", false;
          *target = *v;
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
          const toml::array* arr = node.as_array();
          if (!arr) return *problem = "must be an array of strings", false;
          std::vector<std::string> values;
          for (const auto& item : *arr) {
            auto v = item.value_exact<std::string>();
            if (!v) return *problem = "must be an array of strings", false;
            if (!NoControlChars(*v, problem)) return false;
            values.push_back(*v);
          }
          *target = std::move(values);
        } else {
          std::optional<double> v;
          if constexpr (std::is_same_v<T, double>) {
            v = node.value<double>();  // accepts integers too
            if (!v) return *problem = "must be a number", false;
          } else {
            auto i = node.value_exact<int64_t>();
            if (!i) return *problem = "must be an integer", false;
            v = static_cast<double>(*i);
          }
          if (*v < b.min || *v > b.max) {
            std::ostringstream msg;
            msg << "value " << *v << " is out of range [" << b.min << ", " << b.max << "]";
            return *problem = msg.str(), false;
          }
          *target = static_cast<T>(*v);
        }
        return true;
      },
      b.target);
}

bool Apply(const toml::table& root, const std::string& source, Config* config, std::string* error) {
  std::vector<Binding> bindings = Bindings(*config);
  std::map<std::string, const Binding*> by_key;
  for (const auto& b : bindings) by_key[b.key] = &b;

  for (const auto& [section_key, section_node] : root) {
    std::string section(section_key.str());
    const toml::table* section_table = section_node.as_table();
    if (!section_table) {
      *error = Where(source, section_node) + ": key '" + section +
               "': unknown top-level key (expected a [section])";
      return false;
    }
    for (const auto& [field_key, node] : *section_table) {
      std::string key = section + "." + std::string(field_key.str());
      auto it = by_key.find(key);
      if (it == by_key.end()) {
        *error = Where(source, node) + ": key '" + key + "': unknown key";
        return false;
      }
      std::string problem;
      if (!Assign(*it->second, node, &problem)) {
        *error = Where(source, node) + ": key '" + key + "': " + problem;
        return false;
      }
    }
  }
  // The same check that builds the crawler's extractor (patterns compiled once, there and here).
  std::unique_ptr<extract::Extractor> extractor;
  if (Status status = extract::Extractor::Create(config->extract, &extractor); !status.ok()) {
    *error = source + ": key 'extract.extra_boilerplate_patterns': " + status.message();
    return false;
  }
  if (config->crawler.max_delay_ms < config->crawler.min_delay_ms) {
    *error = source + ": key 'crawler.max_delay_ms': must be >= crawler.min_delay_ms";
    return false;
  }
  return true;
}

std::string Render(const Target& target) {
  return std::visit(
      [](auto* value) -> std::string {
        using T = std::remove_pointer_t<decltype(value)>;
        std::ostringstream out;
        if constexpr (std::is_same_v<T, std::vector<std::string>>) {
          out << "[";
          for (size_t i = 0; i < value->size(); ++i) out << (i ? ", " : "") << '"' << (*value)[i] << '"';
          out << "]";
        } else if constexpr (std::is_same_v<T, std::string>) {
          out << '"' << *value << '"';
        } else if constexpr (std::is_same_v<T, bool>) {
          out << (*value ? "true" : "false");
        } else {
          out << *value;
        }
        return out.str();
      },
      target);
}

}  // namespace

bool LoadConfigText(const std::string& text, const std::string& source_name, Config* config,
                    std::string* error) {
  toml::table root;
  try {
    root = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    *error = source_name + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description());
    return false;
  }
  Config candidate = *config;  // a failed load leaves *config untouched
  if (!Apply(root, source_name, &candidate, error)) return false;
  *config = std::move(candidate);
  return true;
}

bool LoadConfigFile(const std::string& path, Config* config, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = path + ": cannot read configuration file";
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return LoadConfigText(text.str(), path, config, error);
}

std::string DescribeConfig(const Config& config) {
  Config copy = config;
  std::vector<std::string> lines;
  for (const auto& b : Bindings(copy)) lines.push_back(b.key + " = " + Render(b.target));
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

std::string ConfigDigest(const Config& config) {
  return storage::Sha256Hex(DescribeConfig(config));
}

}  // namespace gongkai::app
