// The Messages panel: load reports, warnings and errors, newest last, each naming its file.
#pragma once

#include "core/message_log.h"

namespace fm {

void drawMessagesPanel(MessageLog& log, bool* open);

}  // namespace fm
