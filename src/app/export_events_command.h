// `frontmap export-events`: writes the events a view's filter shows (from event files and/or a saved view) to
// GeoJSON, CSV or GeoPackage in frontmap's own event schema, with a view file beside it recording the filter.
#pragma once

namespace fm {

// Exit status: 0 written, 1 when an input could not be used or the file could not be written, 2 for usage errors.
int runExportEventsCommand(int argc, char** argv);

}  // namespace fm
