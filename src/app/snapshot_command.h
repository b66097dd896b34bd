// `frontmap snapshot`: renders a map to PNG with no display at all (EGL surfaceless), plus a world file and .prj.
#pragma once

namespace fm {

// Exit status: 0 when everything named was drawn, 1 when an input could not be used, 2 for usage errors.
int runSnapshotCommand(int argc, char** argv);

}  // namespace fm
