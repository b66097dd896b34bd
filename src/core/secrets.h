// Keeps database passwords out of everything frontmap shows or writes: messages, logs, view files. Passwords
// belong in ~/.pgpass or PGPASSWORD; a connection string typed with one is used as typed but never repeated.
#pragma once

#include <string>

namespace fm {

// Removes password=… from a PG: connection string (and user:password@ from URLs). Text without either comes
// back unchanged, so it is safe to apply to any message.
std::string stripPassword(const std::string& connection);

}  // namespace fm
