// The three CMS families. Each Render* answers the template's own pages (listings, pager endpoints,
// report pages) and returns false for any other path so the common router can try its own.
#pragma once

#include "model.h"
#include "page.h"

namespace gongkai::portal {

bool RenderTrs(const SiteModel& site, const PageRequest& req, const RevisionOf& revision, Page* page);
bool RenderHanweb(const SiteModel& site, const PageRequest& req, const RevisionOf& revision, Page* page);
bool RenderPlain(const SiteModel& site, const PageRequest& req, const RevisionOf& revision, Page* page);

// Shared by the templates.
int FindReportByPath(const SiteModel& site, const std::string& path_and_query);  // -1 if none
int64_t ListingLastModified(const SiteModel& site);
int64_t ReportLastModified(const ReportModel& report, int revision);
Page NotFound();

}  // namespace gongkai::portal
