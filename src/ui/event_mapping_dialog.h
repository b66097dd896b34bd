// The column-mapping dialog: shown when a point file is opened in the viewer. Each role of an event (date, end date,
// actors, position, type, place, precision, source, …) is a combo of the file's fields, preset to what the reader
// detected; below, the first rows as they would load and how many of them parse. Load hands the mapping back to the
// viewer, which reads the file as a job; a file without a detectable date column gets the dialog instead of an error.
#pragma once

#include "sources/event_reader.h"

namespace fm {

struct EventMappingDialog {
    bool open = false;
    bool popupRequested = false;  // OpenPopup must run inside the frame
    EventSourcePreview preview;
    EventFieldMapping mapping;    // what the user picked; starts as the detected one
    PreviewCheck check;           // of `mapping` against the preview rows
    bool checkStale = true;
    // Where the Load button was last drawn (window coordinates, its centre; negative before): for scripted tests.
    float loadButtonX = -1.f, loadButtonY = -1.f;
};

enum class MappingChoice { None, Load, OpenAsLayer, Cancel };

// Starts the dialog for a file (its preview read on a worker).
void openEventMappingDialog(EventMappingDialog& dialog, EventSourcePreview preview);
// Draws it if open; returns what the user chose on the frame they chose it (the dialog then closes).
MappingChoice drawEventMappingDialog(EventMappingDialog& dialog);

}  // namespace fm
