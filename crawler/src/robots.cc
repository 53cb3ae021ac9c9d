// robots.txt parser and matcher (see robots.h).
#include "crawler/robots.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace gongkai::crawler {
namespace {

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// RFC 9309 section 2.2.1: the product token is [a-zA-Z_-]+; "Googlebot/2.1" names "googlebot".
std::string ProductToken(std::string_view user_agent_value) {
  size_t end = 0;
  while (end < user_agent_value.size() &&
         (std::isalpha(static_cast<unsigned char>(user_agent_value[end])) || user_agent_value[end] == '_' ||
          user_agent_value[end] == '-' || user_agent_value[end] == '*')) {
    ++end;
  }
  return ToLower(user_agent_value.substr(0, end));
}

// Patterns are compared in percent-encoded form (RFC 9309 section 2.2.2): raw non-ASCII bytes are
// encoded and existing %xx escapes upper-cased, so "/年报" and "/%E5%B9%B4%E6%8A%A5" are one rule.
std::string NormalizePattern(std::string_view raw) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(raw[i]);
    if (c >= 0x80) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else if (c == '%' && i + 2 < raw.size() && std::isxdigit(static_cast<unsigned char>(raw[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(raw[i + 2]))) {
      out += '%';
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(raw[i + 1])));
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(raw[i + 2])));
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Accepts the common misspellings a lenient parser should (as google/robotstxt does).
enum class Key { kUserAgent, kAllow, kDisallow, kCrawlDelay, kSitemap, kUnknown };
Key ParseKey(std::string_view raw) {
  std::string key = ToLower(raw);
  if (key == "user-agent" || key == "useragent" || key == "user agent") return Key::kUserAgent;
  if (key == "allow") return Key::kAllow;
  if (key == "disallow" || key == "dissallow" || key == "dissalow" || key == "disalow") return Key::kDisallow;
  if (key == "crawl-delay" || key == "crawldelay") return Key::kCrawlDelay;
  if (key == "sitemap" || key == "site-map") return Key::kSitemap;
  return Key::kUnknown;
}

}  // namespace

bool RobotsPatternMatches(std::string_view pattern, std::string_view path) {
  // Classic wildcard matching with one backtrack point per '*'; linear in practice.
  bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  size_t p = 0, s = 0, star = std::string_view::npos, star_s = 0;
  while (s < path.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_s = s;
    } else if (p < pattern.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
    } else if (p == pattern.size() && !anchored) {
      return true;  // prefix match
    } else if (star != std::string_view::npos) {
      p = star + 1;
      s = ++star_s;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

RobotsStatus ClassifyRobotsStatus(int status) {
  if (status >= 200 && status < 300) return RobotsStatus::kSuccessful;
  if (status >= 300 && status < 400) return RobotsStatus::kRedirect;
  if (status >= 400 && status < 500 && status != 429) return RobotsStatus::kUnavailable;
  return RobotsStatus::kUnreachable;
}

RobotsRules RobotsRules::ForStatus(int status, std::string_view body) {
  switch (ClassifyRobotsStatus(status)) {
    case RobotsStatus::kSuccessful:
      return ParseRobotsTxt(body);
    case RobotsStatus::kUnavailable:
      return AllowAll();
    case RobotsStatus::kRedirect:
    case RobotsStatus::kUnreachable:
      return DisallowAll();
  }
  return DisallowAll();
}

RobotsRules RobotsRules::AllowAll() {
  return RobotsRules();
}

RobotsRules RobotsRules::DisallowAll() {
  RobotsRules rules;
  rules.disallow_all_ = true;
  return rules;
}

std::vector<const RobotsGroup*> RobotsRules::GroupsFor(std::string_view product_token) const {
  std::string token = ToLower(product_token);
  std::vector<const RobotsGroup*> named, star;
  for (const auto& group : groups_) {
    for (const auto& agent : group.user_agents) {
      if (agent == token) {
        named.push_back(&group);
        break;
      }
      if (agent == "*") star.push_back(&group);
    }
  }
  return named.empty() ? star : named;
}

bool RobotsRules::Allowed(std::string_view product_token, std::string_view path_and_query) const {
  if (path_and_query == "/robots.txt") return true;
  if (disallow_all_) return false;
  size_t best_length = 0;
  bool best_allow = true;
  bool matched = false;
  std::string path = NormalizePattern(path_and_query);
  for (const RobotsGroup* group : GroupsFor(product_token)) {
    for (const auto& rule : group->rules) {
      if (!RobotsPatternMatches(rule.pattern, path)) continue;
      size_t length = rule.pattern.size();
      // Longest match wins; on equal length the least restrictive (allow) wins (section 2.2.2).
      if (!matched || length > best_length || (length == best_length && rule.allow)) {
        best_length = length;
        best_allow = rule.allow;
        matched = true;
      }
    }
  }
  return best_allow;
}

std::optional<double> RobotsRules::CrawlDelaySeconds(std::string_view product_token) const {
  for (const RobotsGroup* group : GroupsFor(product_token)) {
    if (group->crawl_delay_s) return group->crawl_delay_s;
  }
  return std::nullopt;
}

RobotsRules ParseRobotsTxt(std::string_view body) {
  RobotsRules out;
  if (body.size() > kRobotsMaxParseBytes) body = body.substr(0, kRobotsMaxParseBytes);
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  bool in_agent_lines = false;  // consecutive user-agent lines start one group
  size_t pos = 0;
  while (pos < body.size()) {
    size_t end = body.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(pos, end - pos);
    pos = end + 1;
    line = line.substr(0, line.find('#'));
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    Key key = ParseKey(Trim(line.substr(0, colon)));
    std::string_view value = Trim(line.substr(colon + 1));
    switch (key) {
      case Key::kUserAgent:
        if (!in_agent_lines) out.groups_.emplace_back();
        in_agent_lines = true;
        out.groups_.back().user_agents.push_back(ProductToken(value));
        continue;
      case Key::kSitemap:
        if (!value.empty()) out.sitemaps_.emplace_back(value);
        continue;  // not part of any group; does not end the user-agent lines either
      case Key::kUnknown:
        continue;
      default:
        break;
    }
    in_agent_lines = false;
    if (out.groups_.empty()) continue;  // rules before any user-agent line belong to nobody
    RobotsGroup& group = out.groups_.back();
    if (key == Key::kCrawlDelay) {
      char* parse_end = nullptr;
      std::string text(value);
      double seconds = std::strtod(text.c_str(), &parse_end);
      if (parse_end != text.c_str() && seconds >= 0) group.crawl_delay_s = seconds;
    } else if (!value.empty()) {  // "Disallow:" with no path is no rule at all
      group.rules.push_back({key == Key::kAllow, NormalizePattern(value)});
    }
  }
  return out;
}

}  // namespace gongkai::crawler
