// The site around the 年报 column, as real portals build it (SiteSpec::deep_navigation): a home
// page that reaches the column only through navigation (首页 -> 政府信息公开 platform -> 法定主动公开内容
// -> 政府信息公开年报), platform pages with news lists and guides, a 集约化 部门年报 column with one
// sub-column per department whose lists hold titles without keywords, sidebars ("热点", "相关链接")
// whose keyword links are not items; and the pager traps of Faults::pager_traps.
#pragma once

#include <string>
#include <vector>

#include "model.h"
#include "page.h"

namespace gongkai::portal {

// Answers the structure's pages (home included when deep_navigation); false for any other path.
bool RenderSiteStructure(const SiteModel& site, const PageRequest& req, Page* page);

// Paths of every department report page (SiteSpec::departments), in column order.
std::vector<std::string> DepartmentReportPaths(const SiteModel& site);

// The 部门年报 column ({} when the site has no departments).
std::vector<std::string> DepartmentColumnPaths(const SiteModel& site);

// The pages a SiteSpec::column_only_in_sitemap site's sitemap lists: home, platform pages, guides
// and its 年报 column (first listing page).
std::vector<std::string> SitemapStructurePaths(const SiteModel& site);

// First pages of the pager traps ("" when the site has none): /trap/a/…, /trap/b/….
std::vector<std::string> TrapPagerPaths(const SiteModel& site);

// Links to the pager traps for the listing's extra links box ("" when none).
std::string TrapPagerLinks(const SiteModel& site);

}  // namespace gongkai::portal
