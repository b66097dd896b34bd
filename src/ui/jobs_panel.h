// Progress of background work (loading, projecting) with Cancel buttons; shown only while something runs.
#pragma once

#include "core/job.h"

namespace fm {

void drawJobsPanel(JobRunner& jobs, float displayWidth, float displayHeight);

}  // namespace fm
