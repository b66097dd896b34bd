#include "ui/file_dialog.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <cfloat>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <limits>
#include <system_error>

namespace fm {

namespace fs = std::filesystem;

namespace {

const char* const kPopupName = "Open data##fm_file_dialog";

char lowerAscii(char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool isDigit(char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

std::string trim(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

std::string workingDirectory() {
    std::error_code ec;
    const fs::path cwd = fs::current_path(ec);
    // The working directory can be deleted under a running process; home is the next best place to start.
    return ec ? homeDirectory() : cwd.string();
}

bool isExistingDirectory(const std::string& path) {
    std::error_code ec;
    return fs::is_directory(path, ec);
}

// Adds one directory_iterator entry to the listing if the filters let it through. Every query uses the
// error_code overloads: a broken symlink or a file deleted mid-listing becomes a file of unknown size or
// date rather than an exception.
void addEntry(const fs::directory_entry& entry, bool showHidden, const std::vector<std::string>& extensions,
              fs::file_time_type fileNow, std::chrono::system_clock::time_point systemNow,
              std::vector<DirEntry>& out) {
    DirEntry e;
    e.name = entry.path().filename().string();
    if (e.name.empty() || (!showHidden && isHiddenName(e.name))) return;

    std::error_code ec;
    e.isDirectory = entry.is_directory(ec);
    if (ec) e.isDirectory = false;
    if (!e.isDirectory && !matchesFilter(e.name, extensions)) return;

    e.path = entry.path().string();
    if (!e.isDirectory) {
        ec.clear();
        if (entry.is_regular_file(ec) && !ec) {
            const std::uintmax_t size = entry.file_size(ec);
            e.size = ec ? 0 : size;
        }
    }
    ec.clear();
    const fs::file_time_type written = entry.last_write_time(ec);
    if (!ec) {
        // C++17 has no clock_cast; both clocks tick in real time, so shifting by the gap between their
        // "now"s (taken once per listing, so every entry gets the same shift) is exact to well under a second.
        const auto asSystem = systemNow + std::chrono::duration_cast<std::chrono::system_clock::duration>(written - fileNow);
        e.modified = std::chrono::duration_cast<std::chrono::seconds>(asSystem.time_since_epoch()).count();
    }
    out.push_back(std::move(e));
}

// Cuts `text` so it fits in `width` pixels of the current font, marking the cut with "...".
std::string fitText(const std::string& text, float width) {
    if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
    std::string cut = text;
    while (!cut.empty() && ImGui::CalcTextSize((cut + "...").c_str()).x > width) cut.pop_back();
    return cut + "...";
}

bool keyPressed(ImGuiKey key) {
    // With no backend (tests) or a backend that does not map the key, the index is -1.
    const int index = ImGui::GetKeyIndex(key);
    return index >= 0 && ImGui::IsKeyPressed(index, false);
}

float footerHeight() {
    return ImGui::GetFrameHeightWithSpacing() * 2.0f;
}

}  // namespace

const std::vector<FileFilter>& fileFilters() {
    static const std::vector<FileFilter> filters = [] {
        const std::vector<std::string> geodata = {".gpkg", ".shp",  ".zip", ".geojson", ".json", ".topojson",
                                                  ".fgb",  ".kml",  ".kmz", ".csv",     ".gml",  ".gpx",
                                                  ".sqlite", ".txt", ".md", ".jsonl"};
        std::string label = "Geodata (";
        for (std::size_t i = 0; i < geodata.size(); ++i) label += (i ? " *" : "*") + geodata[i];
        label += ")";
        return std::vector<FileFilter>{{label, geodata}, {"All files", {}}};
    }();
    return filters;
}

bool isHiddenName(const std::string& name) {
    return !name.empty() && name[0] == '.';
}

bool matchesFilter(const std::string& name, const std::vector<std::string>& extensions) {
    if (extensions.empty()) return true;
    for (std::string ext : extensions) {
        if (ext.rfind("*", 0) == 0) ext.erase(0, 1);
        if (ext.empty()) return true;  // "*" alone lets everything through
        if (ext[0] != '.') ext.insert(ext.begin(), '.');
        // Strictly longer: a file called just ".zip" is a hidden file without a stem, not a zip archive.
        if (name.size() <= ext.size()) continue;
        const std::size_t offset = name.size() - ext.size();
        bool same = true;
        for (std::size_t i = 0; i < ext.size() && same; ++i) same = lowerAscii(name[offset + i]) == lowerAscii(ext[i]);
        if (same) return true;
    }
    return false;
}

DirListing listDirectory(const std::string& dir, bool showHidden, const std::vector<std::string>& extensions) {
    DirListing listing;
    std::error_code ec;
    // No skip_permission_denied: with it an unreadable folder would look empty instead of saying why.
    fs::directory_iterator it(fs::path(dir), ec);
    if (ec) {
        listing.error = "Cannot open " + (dir.empty() ? std::string("\"\"") : dir) + ": " + ec.message();
        return listing;
    }
    const fs::file_time_type fileNow = fs::file_time_type::clock::now();
    const auto systemNow = std::chrono::system_clock::now();
    const fs::directory_iterator end;
    while (it != end) {
        addEntry(*it, showHidden, extensions, fileNow, systemNow, listing.entries);
        it.increment(ec);
        if (ec) {
            // The folder vanished or went bad mid-read; keep what was read so far.
            listing.error = "Stopped reading " + dir + ": " + ec.message();
            break;
        }
    }
    sortEntries(listing.entries, SortKey::Name, true);
    return listing;
}

std::string parentDirectory(const std::string& path) {
    if (path.empty()) return {};
    std::string s = fs::path(path).lexically_normal().string();
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    if (s == "/") return s;
    const auto slash = s.rfind('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return s.substr(0, slash);
}

std::string homeDirectory() {
    const char* home = std::getenv("HOME");
    return (home && *home) ? std::string(home) : std::string("/");
}

std::string resolvePath(const std::string& input, const std::string& baseDir) {
    std::string s = input;
    if (s == "~") {
        s = homeDirectory();
    } else if (s.rfind("~/", 0) == 0) {
        s = homeDirectory() + s.substr(1);
    }
    fs::path p(s);
    if (p.is_relative()) p = fs::path(baseDir) / p;
    std::string out = p.lexically_normal().string();
    while (out.size() > 1 && out.back() == '/') out.pop_back();
    return out;
}

bool isGdalConnectionString(const std::string& input) {
    if (input.rfind("/vsi", 0) == 0) return true;
    // A driver prefix ("PG:", "WFS:", "GPKG:") or a URL scheme ("https:"): a letter, then letters, digits,
    // '_', '+' or '-', then ':'. At least two characters before the colon, so "C:" is never taken for one.
    const auto colon = input.find(':');
    if (colon == std::string::npos || colon < 2) return false;
    if (!std::isalpha(static_cast<unsigned char>(input[0]))) return false;
    for (std::size_t i = 1; i < colon; ++i) {
        const char c = input[i];
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '+' && c != '-') return false;
    }
    return true;
}

int compareNatural(const std::string& a, const std::string& b) {
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.size() && j < b.size()) {
        if (isDigit(a[i]) && isDigit(b[j])) {
            // Compare digit runs as numbers without parsing them, so a 40-digit run cannot overflow:
            // after dropping leading zeros, the longer run is the larger number.
            std::size_t si = i;
            std::size_t sj = j;
            while (si < a.size() && a[si] == '0') ++si;
            while (sj < b.size() && b[sj] == '0') ++sj;
            std::size_t ei = si;
            std::size_t ej = sj;
            while (ei < a.size() && isDigit(a[ei])) ++ei;
            while (ej < b.size() && isDigit(b[ej])) ++ej;
            if (ei - si != ej - sj) return (ei - si) < (ej - sj) ? -1 : 1;
            const int c = a.compare(si, ei - si, b, sj, ej - sj);
            if (c != 0) return c < 0 ? -1 : 1;
            i = ei;
            j = ej;
            continue;
        }
        const char ca = lowerAscii(a[i]);
        const char cb = lowerAscii(b[j]);
        if (ca != cb) return static_cast<unsigned char>(ca) < static_cast<unsigned char>(cb) ? -1 : 1;
        ++i;
        ++j;
    }
    if (i < a.size()) return 1;
    if (j < b.size()) return -1;
    // Equal but for case or leading zeros: byte order keeps the sort total and repeatable.
    const int c = a.compare(b);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

void sortEntries(std::vector<DirEntry>& entries, SortKey key, bool ascending) {
    std::stable_sort(entries.begin(), entries.end(), [key, ascending](const DirEntry& a, const DirEntry& b) {
        if (a.isDirectory != b.isDirectory) return a.isDirectory;
        int c = 0;
        switch (key) {
        case SortKey::Name:
            c = compareNatural(a.name, b.name);
            return ascending ? c < 0 : c > 0;
        case SortKey::Size:
            c = a.size < b.size ? -1 : (a.size > b.size ? 1 : 0);
            break;
        case SortKey::Modified: {
            // Unknown dates count as oldest.
            constexpr std::int64_t unknown = std::numeric_limits<std::int64_t>::min();
            const std::int64_t ta = a.modified.value_or(unknown);
            const std::int64_t tb = b.modified.value_or(unknown);
            c = ta < tb ? -1 : (ta > tb ? 1 : 0);
            break;
        }
        }
        if (c != 0) return ascending ? c < 0 : c > 0;
        return compareNatural(a.name, b.name) < 0;
    });
}

std::string formatSize(std::uintmax_t bytes) {
    if (bytes < 1024) return std::to_string(bytes) + " B";
    static const char* const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double value = static_cast<double>(bytes) / 1024.0;
    std::size_t unit = 0;
    while (value >= 1024.0 && unit + 1 < sizeof(units) / sizeof(units[0])) {
        value /= 1024.0;
        ++unit;
    }
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.1f %s", value, units[unit]);
    return buf;
}

std::string formatModified(const std::optional<std::int64_t>& secondsSinceEpoch) {
    if (!secondsSinceEpoch) return {};
    const std::time_t t = static_cast<std::time_t>(*secondsSinceEpoch);
    std::tm local{};
    if (!localtime_r(&t, &local)) return {};
    char buf[32];
    if (std::strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M", &local) == 0) return {};
    return buf;
}

PathInputResult resolvePathInput(const std::string& input, const std::string& currentDir) {
    PathInputResult result;
    const std::string text = trim(input);
    if (text.empty()) return result;
    if (isGdalConnectionString(text)) {
        result.action = PathInputResult::Action::OpenPath;
        result.path = text;
        return result;
    }
    const std::string path = resolvePath(text, currentDir);
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (status.type() == fs::file_type::not_found) {
        result.action = PathInputResult::Action::Error;
        result.error = path + ": no such file or folder";
    } else if (ec) {
        result.action = PathInputResult::Action::Error;
        result.error = path + ": " + ec.message();
    } else if (fs::is_directory(status)) {
        result.action = PathInputResult::Action::EnterDirectory;
        result.path = path;
    } else {
        result.action = PathInputResult::Action::OpenPath;
        result.path = path;
    }
    return result;
}

// ---- FileDialog: state ----

void FileDialog::open(const std::string& startDir) {
    m_open = true;
    m_popupRequested = true;
    m_closeRequested = false;
    m_startDir = startDir;
    m_error.clear();
    rebuildPlaces();

    const std::string cwd = workingDirectory();
    std::vector<std::string> candidates;
    if (!m_currentDir.empty()) candidates.push_back(m_currentDir);
    if (!startDir.empty()) candidates.push_back(resolvePath(startDir, cwd));
    candidates.push_back(cwd);
    for (const std::string& dir : candidates) {
        if (navigateTo(dir)) return;
    }
    // Nowhere could be listed: show the working directory empty, with the reason.
    const std::string error = m_error;
    m_currentDir = candidates.back();
    m_pathInput = m_currentDir;
    m_entries.clear();
    m_selected.clear();
    m_anchor.clear();
    m_error = error;
}

void FileDialog::close() {
    if (m_open) m_closeRequested = true;
}

void FileDialog::setBookmarks(std::vector<std::pair<std::string, std::string>> labelAndPath) {
    m_userBookmarks.clear();
    for (auto& [label, path] : labelAndPath) m_userBookmarks.push_back({std::move(label), std::move(path)});
    if (m_open) rebuildPlaces();
}

void FileDialog::rebuildPlaces() {
    m_places.clear();
    std::vector<Bookmark> all = {{"Home", homeDirectory()}, {"Working directory", workingDirectory()}};
    all.insert(all.end(), m_userBookmarks.begin(), m_userBookmarks.end());
    for (Bookmark& b : all) {
        if (b.path.empty()) continue;
        b.path = resolvePath(b.path, workingDirectory());
        if (isExistingDirectory(b.path)) m_places.push_back(std::move(b));
    }
}

const std::vector<std::string>& FileDialog::activeExtensions() const {
    const auto& filters = fileFilters();
    return filters[std::min(m_filterIndex, filters.size() - 1)].extensions;
}

bool FileDialog::navigateTo(const std::string& dir) {
    const std::string target = resolvePath(dir, m_currentDir.empty() ? workingDirectory() : m_currentDir);
    DirListing listing = listDirectory(target, m_showHidden, activeExtensions());
    if (!listing.error.empty() && listing.entries.empty()) {
        // Could not be opened (permission denied, gone): stay where we are so the user is not stranded.
        m_error = listing.error;
        return false;
    }
    m_currentDir = target;
    m_pathInput = target;
    m_entries = std::move(listing.entries);
    sortEntries(m_entries, m_sortKey, m_sortAscending);
    m_error = listing.error;
    m_selected.clear();
    m_anchor.clear();
    return true;
}

void FileDialog::refresh() {
    // Unlike navigateTo, a failure here empties the view: the folder we are showing is the one that broke.
    DirListing listing = listDirectory(m_currentDir, m_showHidden, activeExtensions());
    m_entries = std::move(listing.entries);
    sortEntries(m_entries, m_sortKey, m_sortAscending);
    m_error = listing.error;
    std::set<std::string> stillThere;
    for (const DirEntry& e : m_entries) {
        if (m_selected.count(e.name)) stillThere.insert(e.name);
    }
    m_selected = std::move(stillThere);
    if (!m_selected.count(m_anchor)) m_anchor.clear();
}

void FileDialog::clickEntry(std::size_t index, bool ctrl, bool shift) {
    const std::string& name = m_entries[index].name;
    // Clicking in the list means the user is choosing from it, not from a half-typed path.
    m_pathInput = m_currentDir;

    std::size_t anchorIndex = m_entries.size();
    if (shift && !m_anchor.empty()) {
        for (std::size_t i = 0; i < m_entries.size(); ++i) {
            if (m_entries[i].name == m_anchor) anchorIndex = i;
        }
    }
    if (anchorIndex < m_entries.size()) {
        // Shift: the range from the anchor; with Ctrl as well, added to what was already selected.
        if (!ctrl) m_selected.clear();
        const std::size_t lo = std::min(anchorIndex, index);
        const std::size_t hi = std::max(anchorIndex, index);
        for (std::size_t i = lo; i <= hi; ++i) m_selected.insert(m_entries[i].name);
        return;  // the anchor stays, so the range can be grown or shrunk from the same place
    }
    if (ctrl) {
        if (!m_selected.erase(name)) m_selected.insert(name);
    } else {
        m_selected = {name};
    }
    m_anchor = name;
}

void FileDialog::activateEntry(std::size_t index, FrameActions& actions) {
    const DirEntry& e = m_entries[index];
    if (e.isDirectory) {
        actions.navigateTo = e.path;
    } else {
        actions.confirm = {e.path};
    }
}

void FileDialog::submitPathInput(FrameActions& actions) {
    const PathInputResult r = resolvePathInput(m_pathInput, m_currentDir);
    switch (r.action) {
    case PathInputResult::Action::Nothing:
        m_pathInput = m_currentDir;
        break;
    case PathInputResult::Action::EnterDirectory:
        actions.navigateTo = r.path;
        break;
    case PathInputResult::Action::OpenPath:
        actions.confirm = {r.path};
        break;
    case PathInputResult::Action::Error:
        m_error = r.error;
        break;
    }
}

std::vector<std::string> FileDialog::selectedFilePaths() const {
    std::vector<std::string> paths;
    for (const DirEntry& e : m_entries) {
        if (!e.isDirectory && m_selected.count(e.name)) paths.push_back(e.path);
    }
    return paths;
}

std::vector<std::string> FileDialog::selection() const {
    std::vector<std::string> paths;
    for (const DirEntry& e : m_entries) {
        if (m_selected.count(e.name)) paths.push_back(e.path);
    }
    return paths;
}

void FileDialog::openButtonPressed(FrameActions& actions) {
    const std::string typed = trim(m_pathInput);
    if (!typed.empty() && typed != m_currentDir) {
        submitPathInput(actions);
        return;
    }
    std::vector<std::string> files = selectedFilePaths();
    if (!files.empty()) {
        actions.confirm = std::move(files);
        return;
    }
    // Only folders selected: Open enters the first, as a double-click would.
    for (const DirEntry& e : m_entries) {
        if (e.isDirectory && m_selected.count(e.name)) {
            actions.navigateTo = e.path;
            return;
        }
    }
}

// ---- FileDialog: drawing ----

bool FileDialog::draw(std::vector<std::string>& chosen) {
    if (!m_open) return false;
    if (m_popupRequested) {
        ImGui::OpenPopup(kPopupName);
        m_popupRequested = false;
    }
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->GetWorkCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(viewport->WorkSize.x * 0.75f, viewport->WorkSize.y * 0.75f), ImGuiCond_Appearing);
    bool keepOpen = true;
    if (!ImGui::BeginPopupModal(kPopupName, &keepOpen)) {
        // Closed from ImGui's side (the title bar's close button, or another popup replaced ours).
        m_open = false;
        m_closeRequested = false;
        return false;
    }
    if (m_closeRequested) {
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        m_open = false;
        m_closeRequested = false;
        return false;
    }

    FrameActions actions;
    // Keys are read before any widget runs: an Enter or Escape that the path bar consumes this frame has
    // already made it inactive by the end of the frame, and would otherwise act on the dialog as well.
    const bool keysAreOurs =
        !ImGui::IsAnyItemActive() && ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows);
    if (keysAreOurs && keyPressed(ImGuiKey_Escape)) actions.cancel = true;
    if (keysAreOurs && !m_selected.empty() && (keyPressed(ImGuiKey_Enter) || keyPressed(ImGuiKey_KeyPadEnter))) {
        openButtonPressed(actions);
    }

    drawToolbar(actions);
    if (!m_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.4f, 1.0f));
        ImGui::TextWrapped("%s", m_error.c_str());
        ImGui::PopStyleColor();
    }
    drawPlaces(actions);
    ImGui::SameLine();
    drawEntryTable(actions);
    drawFooter(actions);

    bool confirmed = false;
    if (!actions.confirm.empty() && !actions.cancel) {
        chosen = std::move(actions.confirm);
        confirmed = true;
    }
    if (confirmed || actions.cancel || !keepOpen) {
        ImGui::CloseCurrentPopup();
        m_open = false;
    } else if (!actions.navigateTo.empty()) {
        if (navigateTo(actions.navigateTo) && !actions.selectAfterNavigate.empty()) {
            // After going up, the folder we came from is selected, so the user sees where they were.
            m_selected = {actions.selectAfterNavigate};
            m_anchor = actions.selectAfterNavigate;
        }
    } else if (actions.refresh) {
        refresh();
    }
    ImGui::EndPopup();
    return confirmed;
}

void FileDialog::drawToolbar(FrameActions& actions) {
    const std::string parent = parentDirectory(m_currentDir);
    ImGui::BeginDisabled(parent.empty() || parent == m_currentDir);
    if (ImGui::Button("Up")) {
        actions.navigateTo = parent;
        actions.selectAfterNavigate = fs::path(m_currentDir).filename().string();
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Home")) actions.navigateTo = homeDirectory();
    ImGui::SameLine();
    if (ImGui::Button("Refresh")) actions.refresh = true;
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip("Type a folder and press Enter to go there,\n"
                          "or a file or GDAL path (/vsizip/..., /vsicurl/https://..., PG:dbname=...)\n"
                          "and press Enter or Open to open it as typed.");
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::InputText("##path", &m_pathInput, ImGuiInputTextFlags_EnterReturnsTrue)) submitPathInput(actions);
}

void FileDialog::drawPlaces(FrameActions& actions) {
    ImGui::BeginChild("##places", ImVec2(ImGui::GetFontSize() * 11.0f, -footerHeight()), true);
    ImGui::TextDisabled("Places");
    for (std::size_t i = 0; i < m_places.size(); ++i) {
        const Bookmark& b = m_places[i];
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::Selectable(b.label.c_str(), b.path == m_currentDir)) actions.navigateTo = b.path;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", b.path.c_str());
        ImGui::PopID();
    }
    ImGui::EndChild();
}

void FileDialog::drawEntryTable(FrameActions& actions) {
    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersV |
                                  ImGuiTableFlags_Resizable;
    if (!ImGui::BeginTable("##entries", 3, flags, ImVec2(0.0f, -footerHeight()))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_DefaultSort, 0.0f,
                            static_cast<ImGuiID>(SortKey::Name));
    // Big and recent files are what people look for, so those columns sort descending first.
    ImGui::TableSetupColumn("Size", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_PreferSortDescending,
                            ImGui::GetFontSize() * 6.0f, static_cast<ImGuiID>(SortKey::Size));
    ImGui::TableSetupColumn("Modified",
                            ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_PreferSortDescending,
                            ImGui::GetFontSize() * 9.0f, static_cast<ImGuiID>(SortKey::Modified));
    ImGui::TableHeadersRow();

    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs()) {
        if (specs->SpecsDirty && specs->SpecsCount > 0) {
            const ImGuiTableColumnSortSpecs& spec = specs->Specs[0];
            switch (spec.ColumnUserID) {
            case static_cast<ImGuiID>(SortKey::Size): m_sortKey = SortKey::Size; break;
            case static_cast<ImGuiID>(SortKey::Modified): m_sortKey = SortKey::Modified; break;
            default: m_sortKey = SortKey::Name; break;
            }
            m_sortAscending = spec.SortDirection != ImGuiSortDirection_Descending;
            sortEntries(m_entries, m_sortKey, m_sortAscending);
        }
        specs->SpecsDirty = false;
    }

    const ImGuiIO& io = ImGui::GetIO();
    ImGuiListClipper clipper;  // big folders (thousands of tiles) only lay out the visible rows
    clipper.Begin(static_cast<int>(m_entries.size()));
    while (clipper.Step()) {
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const std::size_t index = static_cast<std::size_t>(row);
            const DirEntry& e = m_entries[index];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            // IDs by name, not row: a click held across a folder change must not land on whatever row now
            // sits at the same index.
            ImGui::PushID(e.name.c_str());
            // The selectable gets no visible label: a file name containing "##" would otherwise be cut short
            // by ImGui's ID syntax. The name is drawn as plain text over it.
            const bool selected = m_selected.count(e.name) > 0;
            if (ImGui::Selectable("##row", selected,
                                  ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick)) {
                if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
                    activateEntry(index, actions);
                } else {
                    clickEntry(index, io.KeyCtrl, io.KeyShift);
                }
            }
            ImGui::SameLine(0.0f, 0.0f);
            if (e.isDirectory) {
                ImGui::TextUnformatted((e.name + "/").c_str());
            } else {
                ImGui::TextUnformatted(e.name.c_str());
            }
            ImGui::PopID();
            ImGui::TableNextColumn();
            if (!e.isDirectory) ImGui::TextUnformatted(formatSize(e.size).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(formatModified(e.modified).c_str());
        }
    }
    ImGui::EndTable();
}

void FileDialog::drawFooter(FrameActions& actions) {
    if (ImGui::Checkbox("Show hidden files", &m_showHidden)) actions.refresh = true;
    ImGui::SameLine();
    const auto& filters = fileFilters();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 24.0f);
    if (ImGui::BeginCombo("Filter", filters[std::min(m_filterIndex, filters.size() - 1)].label.c_str())) {
        for (std::size_t i = 0; i < filters.size(); ++i) {
            const bool current = i == m_filterIndex;
            if (ImGui::Selectable(filters[i].label.c_str(), current) && !current) {
                m_filterIndex = i;
                actions.refresh = true;
            }
            if (current) ImGui::SetItemDefaultFocus();
        }
        ImGui::EndCombo();
    }

    // Second row: what Open will do, then Open and Cancel at the right edge.
    const std::string typed = trim(m_pathInput);
    const bool typedPath = !typed.empty() && typed != m_currentDir;
    std::string summary;
    if (typedPath) {
        summary = "Open: " + typed;
    } else if (m_selected.size() == 1) {
        summary = *m_selected.begin();
    } else if (m_selected.size() > 1) {
        summary = std::to_string(m_selected.size()) + " selected";
    } else {
        summary = "Double-click a folder to enter it, a file to open it; Ctrl/Shift-click to pick several.";
    }
    const ImGuiStyle& style = ImGui::GetStyle();
    const float buttonWidth = ImGui::GetFontSize() * 6.0f;
    const float buttonsX = ImGui::GetWindowContentRegionMax().x - 2.0f * buttonWidth - style.ItemSpacing.x;
    ImGui::AlignTextToFramePadding();
    const float summaryWidth = buttonsX - ImGui::GetCursorPosX() - style.ItemSpacing.x;
    ImGui::TextUnformatted(fitText(summary, std::max(summaryWidth, 0.0f)).c_str());
    ImGui::SameLine(std::max(buttonsX, ImGui::GetCursorPosX()));

    ImGui::BeginDisabled(!typedPath && m_selected.empty());
    if (ImGui::Button("Open", ImVec2(buttonWidth, 0.0f))) openButtonPressed(actions);
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(buttonWidth, 0.0f))) actions.cancel = true;
}

}  // namespace fm
