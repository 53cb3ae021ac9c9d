// The portal chrome shared by all templates: <head> with charset and standard meta tags, header and
// nav, breadcrumb, metadata line, 字体/打印/关闭 tools, share bar, 扫一扫, prev/next, related reading,
// attachments, footer (主办/承办/技术支持/ICP/公网安备), browser notice. Each template arranges them.
#pragma once

#include <string>
#include <vector>

#include "model.h"

namespace gongkai::portal {

// <!DOCTYPE>…<title>; declares the charset in <meta> when the site does.
std::string HeadStart(const SiteModel& site, const std::string& title);
// The standard meta tags when spec.meta_tags (article ones only when `report` is given).
std::string StandardMeta(const SiteModel& site, const ReportModel* report);
std::string SiteHeader(const SiteModel& site);
std::string Breadcrumb(const SiteModel& site, const std::string& last);
std::string MetaLine(const ReportModel& report);
std::string Tools();
std::string ShareBar();
std::string QrBlock();
std::string PrevNext(const SiteModel& site, int index);
std::string Related(const SiteModel& site, int index);
std::string AttachmentBlock(const ReportModel& report);
std::string Footer(const SiteModel& site);
std::string BrowserNotice();
// Links that a listing's first page carries besides reports: Disallowed pages, fault pages, the trap.
std::string ExtraListingLinks(const SiteModel& site);
// Fault page paths the site links (see Faults), in a fixed order.
std::vector<std::string> FaultPaths(const SiteModel& site);
std::string TrapStartPath();
std::string RedirectPath(int report_index);

// Chrome strings present on every report page that a good extractor must drop.
std::vector<std::string> BoilerplateSnippets(const SiteModel& site);

}  // namespace gongkai::portal
