// The in-app "Open data" dialog: a modal ImGui window that picks files (or GDAL connection strings) to open
// as map layers. GLFW has no native file dialog, so we draw our own.
//
// The file-system side (listing, filtering, sorting, path arithmetic) is plain C++ in the functions below so it
// can be tested without an ImGui context; FileDialog only draws it and keeps the dialog's state.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace fm {

// One row of a directory listing.
struct DirEntry {
    std::string name;                     // file name only, no directory
    std::string path;                     // full path, ready to hand to GDAL
    bool isDirectory = false;             // true also for symbolic links to directories
    std::uintmax_t size = 0;              // bytes; 0 for folders and for files whose size could not be read
    std::optional<std::int64_t> modified; // seconds since the Unix epoch; empty when the file system would not say
};

// What listDirectory found. A non-empty error with no entries means the directory could not be opened at
// all; with entries it means reading stopped part way and the entries are what was read before that.
struct DirListing {
    std::vector<DirEntry> entries;
    std::string error;
};

enum class SortKey { Name, Size, Modified };

// One choice of the dialog's filter combo. An empty extension list lets every file through.
struct FileFilter {
    std::string label;
    std::vector<std::string> extensions; // with the dot: ".gpkg"
};

// The filters the dialog offers, the geodata one first.
const std::vector<FileFilter>& fileFilters();

// Lists `dir`: folders first, then files, each group in natural name order. Folders are never filtered by
// extension; files are kept when matchesFilter() says so. Names starting with '.' are left out unless
// showHidden. Never throws for file-system trouble: it lands in DirListing::error.
DirListing listDirectory(const std::string& dir, bool showHidden, const std::vector<std::string>& extensions);

// True when `name` ends with one of `extensions`, ignoring case ("X.GPKG" matches ".gpkg", "a.shp.zip"
// matches ".zip"). Extensions may be given as ".gpkg", "gpkg" or "*.gpkg". An empty list matches everything.
bool matchesFilter(const std::string& name, const std::vector<std::string>& extensions);

// True for names the dialog hides by default (Unix dot files).
bool isHiddenName(const std::string& name);

// The folder containing `path`, computed from the text alone: "/a/b/" -> "/a", "/a" -> "/", "/" -> "/".
// A relative name without any slash gives ".".
std::string parentDirectory(const std::string& path);

// Makes a path typed by the user absolute: "~" and "~/..." expand to the home folder, relative paths are
// taken from `baseDir`, "." and ".." are resolved textually and a trailing slash is dropped (except for "/").
std::string resolvePath(const std::string& input, const std::string& baseDir);

// True for text that GDAL understands but the file system does not: /vsizip/..., /vsicurl/..., PG:...,
// https://... These are handed to GDAL as typed, without checking that they exist.
bool isGdalConnectionString(const std::string& input);

// Compares two file names the way people expect: ignoring case, and with digit runs compared as numbers
// ("map2" before "map10"). Returns <0, 0 or >0; names differing only in case are ordered, so 0 means equal.
int compareNatural(const std::string& a, const std::string& b);

// Sorts a listing in place. Folders stay before files in both directions; entries that tie on the key
// (same size, same date) keep natural name order.
void sortEntries(std::vector<DirEntry>& entries, SortKey key, bool ascending);

// "0 B", "1.5 KiB", "12.0 MiB" ...
std::string formatSize(std::uintmax_t bytes);
// Local time as "YYYY-MM-DD HH:MM"; empty when unknown.
std::string formatModified(const std::optional<std::int64_t>& secondsSinceEpoch);

// The user's home folder ($HOME), or "/" when it is not set.
std::string homeDirectory();

// What pressing Enter (or Open) on the path bar's text should do.
struct PathInputResult {
    enum class Action { Nothing, EnterDirectory, OpenPath, Error };
    Action action = Action::Nothing;
    std::string path;  // the directory to enter or the path to open
    std::string error; // for Action::Error, shown inline in the dialog
};

// Decides what the typed text means: a directory to enter, a file or GDAL connection string to open, or an
// error to show (the path does not exist, a parent folder is not readable).
PathInputResult resolvePathInput(const std::string& input, const std::string& currentDir);

// The "Open data" dialog. Owns its navigation state (current folder, listing, selection, filter, sort) and
// remembers the last folder between openings. Draws as an ImGui modal; call draw() every frame.
class FileDialog {
public:
    // Shows the dialog. The first time it starts in startDir (the working directory when empty); later
    // openings return to the folder the user was last in, falling back to startDir, then to the working
    // directory, if that folder has gone away.
    void open(const std::string& startDir);
    bool isOpen() const { return m_open && !m_closeRequested; }
    // Hides the dialog without choosing anything. The ImGui popup itself is closed by the next draw(), because
    // a modal left open in ImGui's popup stack would keep blocking input to every other window.
    void close();

    // Extra entries for the quick-access list ("Data" -> the repository's data folder). Home and the working
    // directory are always listed; entries whose folder does not exist are not shown.
    void setBookmarks(std::vector<std::pair<std::string, std::string>> labelAndPath);

    // Draws the dialog if it is open; call it every frame, open or not. Returns true on the frame the user
    // confirmed; `chosen` then holds the chosen paths (absolute file paths, or a GDAL connection string exactly
    // as typed) and the dialog closes. `chosen` is left alone on every other frame.
    bool draw(std::vector<std::string>& chosen);

    // The folder being shown; also the one remembered for the next opening.
    const std::string& currentDirectory() const { return m_currentDir; }
    // Enters `dir`. When it cannot be listed, stays where it was and shows the error; returns false then.
    bool navigateTo(const std::string& dir);

    // The error shown inline, empty when there is none.
    const std::string& error() const { return m_error; }
    // The listing as shown (already filtered and sorted).
    const std::vector<DirEntry>& entries() const { return m_entries; }
    // Full paths of the selected entries, folders included, in the order shown.
    std::vector<std::string> selection() const;

private:
    struct Bookmark {
        std::string label;
        std::string path;
    };
    // What the user asked for during one frame, applied after the widgets are drawn so the listing is not
    // replaced while the table is iterating over it.
    struct FrameActions {
        std::string navigateTo;
        std::string selectAfterNavigate;
        std::vector<std::string> confirm;
        bool cancel = false;
        bool refresh = false;
    };

    void refresh();
    void rebuildPlaces();
    void clickEntry(std::size_t index, bool ctrl, bool shift);
    void activateEntry(std::size_t index, FrameActions& actions);
    void submitPathInput(FrameActions& actions);
    void openButtonPressed(FrameActions& actions);
    std::vector<std::string> selectedFilePaths() const;
    const std::vector<std::string>& activeExtensions() const;

    void drawToolbar(FrameActions& actions);
    void drawPlaces(FrameActions& actions);
    void drawEntryTable(FrameActions& actions);
    void drawFooter(FrameActions& actions);

    bool m_open = false;
    bool m_popupRequested = false; // OpenPopup must be called from draw(), inside the ImGui frame
    bool m_closeRequested = false; // likewise CloseCurrentPopup
    std::string m_startDir;        // the caller's fallback when the remembered folder is gone
    std::string m_currentDir;
    std::string m_pathInput;       // the path bar's text; differs from m_currentDir while the user is typing
    std::string m_error;
    std::vector<DirEntry> m_entries;
    std::set<std::string> m_selected; // names in m_currentDir; names survive re-sorting, indexes would not
    std::string m_anchor;             // the last plainly or Ctrl-clicked name, where Shift ranges start
    bool m_showHidden = false;
    std::size_t m_filterIndex = 0;
    SortKey m_sortKey = SortKey::Name;
    bool m_sortAscending = true;
    std::vector<Bookmark> m_userBookmarks;
    std::vector<Bookmark> m_places; // what the quick-access list shows, checked for existence at open()
};

}  // namespace fm
