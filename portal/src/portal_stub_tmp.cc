// Temporary stub so the target links while the portal is written; replaced shortly.
#include "portal/portal.h"
