// The table picker: shown when a PostGIS connection without `tables=` names several tables or views with a
// geometry column. The user ticks one or more; Open hands them back to the viewer, which opens each as a layer or
// an event layer. The connection string is kept as given (it may carry a password) but only ever shown without it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fm {

struct TablePicker {
    bool open = false;
    bool popupRequested = false;  // OpenPopup must run inside the frame
    std::string connection;       // as given: never drawn
    std::string title;            // the connection without its password
    std::vector<std::string> tables;
    std::vector<uint8_t> chosen;  // per table
    // Where the Open button was last drawn (window coordinates, its centre; negative before): for scripted tests.
    float openButtonX = -1.f, openButtonY = -1.f;
    // Likewise the All button's centre and each table's checkbox (the centre of its box, per table; negative for
    // one scrolled out of the list's view).
    float allButtonX = -1.f, allButtonY = -1.f;
    std::vector<float> checkX, checkY;
};

// Starts the picker for `tables` (listed on a worker) of `connection`.
void openTablePicker(TablePicker& picker, const std::string& connection, std::vector<std::string> tables);
// Draws it if open; returns true on the frame the user pressed Open, with the ticked tables in `chosen` (the picker
// then closes; Cancel closes it and returns false).
bool drawTablePicker(TablePicker& picker, std::vector<std::string>& chosen);

}  // namespace fm
