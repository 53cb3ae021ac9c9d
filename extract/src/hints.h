// id/class names as soft evidence for or against main content (see document.h's Hint).
#pragma once

#include <gumbo.h>

#include <string_view>

#include "document.h"

namespace gongkai::extract {

// Classifies an element from its lower-case "id class" string and tag. Chrome words win over content
// words ("comment-content" is chrome); <nav>, <footer> and <aside> are chrome whatever their class.
Hint ClassifyHint(std::string_view id_class, GumboTag tag);

// True when the lower-case "id class" string names chrome that is often written as prose: an author
// box (a biography below the story) or a newsletter sign-up box. Cut even when its text reads as prose.
bool IsProseChromeName(std::string_view id_class);

}  // namespace gongkai::extract
