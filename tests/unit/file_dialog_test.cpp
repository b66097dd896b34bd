// Tests for the "Open data" dialog: the file-system logic on a temporary folder tree, and the ImGui side run
// headless (a context and a font atlas, no backend and no GL) to show it draws, closes and never throws.
#include "ui/file_dialog.h"

#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

#include <unistd.h>

namespace fm {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> names(const std::vector<DirEntry>& entries) {
    std::vector<std::string> out;
    for (const DirEntry& e : entries) out.push_back(e.name);
    return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

const std::vector<std::string>& geodataExtensions() {
    return fileFilters().front().extensions;
}

// A fresh folder tree per test:
//   Zeta/ sub/ .hiddendir/ locked/
//   roads.gpkg (300 B)  Rivers.GPKG (10 B)  points.shp  points.dbf  archive.shp.zip  notes.TXT  image.png
//   map2.csv  map10.csv  .hidden.geojson
class FileDialogTree : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_root = fs::temp_directory_path() /
                 ("fm_file_dialog_" + std::to_string(::getpid()) + "_" + info->test_suite_name() + "_" + info->name());
        fs::remove_all(m_root);
        fs::create_directories(m_root);
        for (const char* dir : {"Zeta", "sub", ".hiddendir", "locked"}) fs::create_directory(m_root / dir);
        write("roads.gpkg", 300);
        write("Rivers.GPKG", 10);
        for (const char* f : {"points.shp", "points.dbf", "archive.shp.zip", "notes.TXT", "image.png", "map2.csv",
                              "map10.csv", ".hidden.geojson"}) {
            write(f, 1);
        }
    }
    void TearDown() override {
        std::error_code ec;
        fs::permissions(m_root / "locked", fs::perms::owner_all, ec);
        fs::remove_all(m_root, ec);
    }
    void write(const std::string& name, std::size_t bytes) {
        std::ofstream(m_root / name, std::ios::binary) << std::string(bytes, 'x');
    }
    std::string root() const { return m_root.string(); }

    fs::path m_root;
};

TEST_F(FileDialogTree, ListsFoldersFirstThenFilesInNaturalOrder) {
    const DirListing listing = listDirectory(root(), false, {});
    ASSERT_TRUE(listing.error.empty()) << listing.error;
    const std::vector<std::string> expected = {"locked",          "sub",        "Zeta",     "archive.shp.zip",
                                               "image.png",       "map2.csv",   "map10.csv", "notes.TXT",
                                               "points.dbf",      "points.shp", "Rivers.GPKG", "roads.gpkg"};
    EXPECT_EQ(names(listing.entries), expected);
    for (const DirEntry& e : listing.entries) {
        EXPECT_EQ(e.isDirectory, e.name == "locked" || e.name == "sub" || e.name == "Zeta") << e.name;
        EXPECT_EQ(e.path, (m_root / e.name).string());
    }
}

TEST_F(FileDialogTree, GeodataFilterIsCaseInsensitiveAndKeepsFolders) {
    const DirListing listing = listDirectory(root(), false, geodataExtensions());
    ASSERT_TRUE(listing.error.empty()) << listing.error;
    const std::vector<std::string> got = names(listing.entries);
    EXPECT_TRUE(contains(got, "Rivers.GPKG"));
    EXPECT_TRUE(contains(got, "roads.gpkg"));
    EXPECT_TRUE(contains(got, "notes.TXT"));
    EXPECT_TRUE(contains(got, "archive.shp.zip"));  // a zip is offered as a file; the caller adds /vsizip/
    EXPECT_TRUE(contains(got, "points.shp"));
    EXPECT_FALSE(contains(got, "points.dbf"));  // shapefile sidecars are opened through the .shp
    EXPECT_FALSE(contains(got, "image.png"));
    EXPECT_TRUE(contains(got, "sub"));
    EXPECT_TRUE(contains(got, "Zeta"));
}

TEST_F(FileDialogTree, HiddenEntriesOnlyWhenAskedFor) {
    const std::vector<std::string> hidden = names(listDirectory(root(), false, {}).entries);
    EXPECT_FALSE(contains(hidden, ".hidden.geojson"));
    EXPECT_FALSE(contains(hidden, ".hiddendir"));

    const std::vector<std::string> shown = names(listDirectory(root(), true, {}).entries);
    EXPECT_TRUE(contains(shown, ".hidden.geojson"));
    ASSERT_TRUE(contains(shown, ".hiddendir"));
    // Hidden folders still sort with the folders.
    EXPECT_EQ(shown.front(), ".hiddendir");
}

TEST_F(FileDialogTree, SizesAndDatesAreFilledIn) {
    const auto old = fs::file_time_type::clock::now() - std::chrono::hours(24 * 3);
    fs::last_write_time(m_root / "Rivers.GPKG", old);
    const DirListing listing = listDirectory(root(), false, geodataExtensions());
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
    for (const DirEntry& e : listing.entries) {
        ASSERT_TRUE(e.modified.has_value()) << e.name;
        if (e.name == "roads.gpkg") {
            EXPECT_EQ(e.size, 300u);
            EXPECT_NEAR(static_cast<double>(*e.modified), static_cast<double>(now), 120.0);
        }
        if (e.name == "Rivers.GPKG") {
            EXPECT_EQ(e.size, 10u);
            EXPECT_NEAR(static_cast<double>(*e.modified), static_cast<double>(now - 3 * 24 * 3600), 120.0);
        }
    }
}

TEST_F(FileDialogTree, MissingDirectoryIsAnErrorNotAThrow) {
    DirListing listing;
    EXPECT_NO_THROW(listing = listDirectory(root() + "/does-not-exist", false, {}));
    EXPECT_TRUE(listing.entries.empty());
    EXPECT_NE(listing.error.find("does-not-exist"), std::string::npos) << listing.error;

    EXPECT_NO_THROW(listing = listDirectory("", false, {}));
    EXPECT_FALSE(listing.error.empty());
}

TEST_F(FileDialogTree, FileInsteadOfDirectoryIsAnError) {
    const DirListing listing = listDirectory(root() + "/roads.gpkg", false, {});
    EXPECT_TRUE(listing.entries.empty());
    EXPECT_FALSE(listing.error.empty());
}

TEST_F(FileDialogTree, UnreadableDirectoryReportsWhy) {
    if (::geteuid() == 0) GTEST_SKIP() << "root reads every folder, so permission denied cannot be provoked";
    fs::permissions(m_root / "locked", fs::perms::none);
    DirListing listing;
    EXPECT_NO_THROW(listing = listDirectory((m_root / "locked").string(), false, {}));
    EXPECT_TRUE(listing.entries.empty());
    EXPECT_NE(listing.error.find("ermission"), std::string::npos) << listing.error;

    // The dialog stays in the readable folder and shows the error.
    FileDialog dialog;
    dialog.open(root());
    EXPECT_FALSE(dialog.navigateTo((m_root / "locked").string()));
    EXPECT_EQ(dialog.currentDirectory(), root());
    EXPECT_FALSE(dialog.error().empty());
}

TEST(FileDialogFilter, MatchesExtensionsIgnoringCase) {
    const std::vector<std::string> exts = {".gpkg", ".zip"};
    EXPECT_TRUE(matchesFilter("roads.gpkg", exts));
    EXPECT_TRUE(matchesFilter("ROADS.GPKG", exts));
    EXPECT_TRUE(matchesFilter("x.shp.zip", exts));
    EXPECT_FALSE(matchesFilter("x.zip.txt", exts));
    EXPECT_FALSE(matchesFilter("gpkg", exts));
    EXPECT_FALSE(matchesFilter(".zip", exts));  // a dot file, not an archive
    EXPECT_FALSE(matchesFilter("roadsgpkg", exts));
    EXPECT_TRUE(matchesFilter("anything.at.all", {}));
}

TEST(FileDialogFilter, AcceptsExtensionsWrittenSeveralWays) {
    EXPECT_TRUE(matchesFilter("a.fgb", {"fgb"}));
    EXPECT_TRUE(matchesFilter("a.fgb", {"*.fgb"}));
    EXPECT_TRUE(matchesFilter("a.fgb", {".FGB"}));
    EXPECT_TRUE(matchesFilter("a.fgb", {"*"}));
}

TEST(FileDialogFilter, GeodataFilterComesFirstAndAllFilesLast) {
    const auto& filters = fileFilters();
    ASSERT_EQ(filters.size(), 2u);
    EXPECT_EQ(filters[0].label,
              "Geodata (*.gpkg *.shp *.zip *.geojson *.json *.topojson *.fgb *.kml *.kmz *.csv *.gml *.gpx "
              "*.sqlite *.txt *.md *.jsonl)");
    EXPECT_EQ(filters[1].label, "All files");
    EXPECT_TRUE(filters[1].extensions.empty());
}

TEST(FileDialogPaths, ParentDirectory) {
    EXPECT_EQ(parentDirectory("/"), "/");
    EXPECT_EQ(parentDirectory("/data"), "/");
    EXPECT_EQ(parentDirectory("/data/maps"), "/data");
    EXPECT_EQ(parentDirectory("/data/maps/"), "/data");
    EXPECT_EQ(parentDirectory("/data/maps/../other"), "/data");
    EXPECT_EQ(parentDirectory("maps"), ".");
    EXPECT_EQ(parentDirectory(""), "");
}

TEST(FileDialogPaths, ResolvePath) {
    EXPECT_EQ(resolvePath("maps", "/data"), "/data/maps");
    EXPECT_EQ(resolvePath("maps/", "/data"), "/data/maps");
    EXPECT_EQ(resolvePath("../x/./y", "/data/maps"), "/data/x/y");
    EXPECT_EQ(resolvePath("/abs/path", "/data"), "/abs/path");
    EXPECT_EQ(resolvePath("..", "/"), "/");
    EXPECT_EQ(resolvePath("~", "/data"), resolvePath(homeDirectory(), "/"));
    EXPECT_EQ(resolvePath("~/maps", "/data"), resolvePath(homeDirectory() + "/maps", "/"));
}

TEST(FileDialogPaths, GdalConnectionStrings) {
    EXPECT_TRUE(isGdalConnectionString("/vsizip//data/a.zip/roads.shp"));
    EXPECT_TRUE(isGdalConnectionString("/vsicurl/https://example.org/a.fgb"));
    EXPECT_TRUE(isGdalConnectionString("PG:dbname=gis host=localhost"));
    EXPECT_TRUE(isGdalConnectionString("https://example.org/a.geojson"));
    EXPECT_TRUE(isGdalConnectionString("GTIFF_DIR:1:a.tif"));
    EXPECT_FALSE(isGdalConnectionString("/data/a.gpkg"));
    EXPECT_FALSE(isGdalConnectionString("a.gpkg"));
    EXPECT_FALSE(isGdalConnectionString("C:/data"));
    EXPECT_FALSE(isGdalConnectionString("my file: draft.csv"));
}

TEST_F(FileDialogTree, PathInputDecidesWhatToDo) {
    using Action = PathInputResult::Action;
    PathInputResult r = resolvePathInput("sub", root());
    EXPECT_EQ(r.action, Action::EnterDirectory);
    EXPECT_EQ(r.path, (m_root / "sub").string());

    r = resolvePathInput("  roads.gpkg ", root());
    EXPECT_EQ(r.action, Action::OpenPath);
    EXPECT_EQ(r.path, (m_root / "roads.gpkg").string());

    r = resolvePathInput((m_root / "roads.gpkg").string(), "/");
    EXPECT_EQ(r.action, Action::OpenPath);
    EXPECT_EQ(r.path, (m_root / "roads.gpkg").string());

    // GDAL paths go through untouched, even though nothing by that name exists on disk.
    r = resolvePathInput("/vsizip/archive.zip/roads.shp", root());
    EXPECT_EQ(r.action, Action::OpenPath);
    EXPECT_EQ(r.path, "/vsizip/archive.zip/roads.shp");
    r = resolvePathInput("PG:dbname=gis", root());
    EXPECT_EQ(r.action, Action::OpenPath);
    EXPECT_EQ(r.path, "PG:dbname=gis");

    r = resolvePathInput("nope.gpkg", root());
    EXPECT_EQ(r.action, Action::Error);
    EXPECT_NE(r.error.find("nope.gpkg"), std::string::npos);

    EXPECT_EQ(resolvePathInput("   ", root()).action, Action::Nothing);
}

TEST(FileDialogSort, NaturalNameOrder) {
    EXPECT_LT(compareNatural("map2", "map10"), 0);
    EXPECT_GT(compareNatural("map10", "map2"), 0);
    EXPECT_LT(compareNatural("apple", "Banana"), 0);
    EXPECT_LT(compareNatural("a", "ab"), 0);
    EXPECT_LT(compareNatural("x007", "x8"), 0);
    EXPECT_NE(compareNatural("Roads", "roads"), 0);  // total order: case decides only when all else ties
    EXPECT_EQ(compareNatural("roads", "roads"), 0);
    // A digit run longer than any integer type must not overflow.
    EXPECT_LT(compareNatural("t99999999999999999999999", "t100000000000000000000000"), 0);
}

TEST(FileDialogSort, FoldersStayFirstWhicheverWay) {
    std::vector<DirEntry> entries(5);
    entries[0] = {"big.gpkg", "/d/big.gpkg", false, 5000, 100};
    entries[1] = {"small.gpkg", "/d/small.gpkg", false, 10, 300};
    entries[2] = {"zdir", "/d/zdir", true, 0, 50};
    entries[3] = {"adir", "/d/adir", true, 0, 400};
    entries[4] = {"mid.gpkg", "/d/mid.gpkg", false, 700, std::nullopt};

    sortEntries(entries, SortKey::Size, false);
    EXPECT_EQ(names(entries), (std::vector<std::string>{"adir", "zdir", "big.gpkg", "mid.gpkg", "small.gpkg"}));
    sortEntries(entries, SortKey::Size, true);
    EXPECT_EQ(names(entries), (std::vector<std::string>{"adir", "zdir", "small.gpkg", "mid.gpkg", "big.gpkg"}));
    sortEntries(entries, SortKey::Modified, false);  // unknown date counts as oldest
    EXPECT_EQ(names(entries), (std::vector<std::string>{"adir", "zdir", "small.gpkg", "big.gpkg", "mid.gpkg"}));
    sortEntries(entries, SortKey::Name, false);
    EXPECT_EQ(names(entries), (std::vector<std::string>{"zdir", "adir", "small.gpkg", "mid.gpkg", "big.gpkg"}));
}

TEST(FileDialogFormat, SizesAndDates) {
    EXPECT_EQ(formatSize(0), "0 B");
    EXPECT_EQ(formatSize(1023), "1023 B");
    EXPECT_EQ(formatSize(1536), "1.5 KiB");
    EXPECT_EQ(formatSize(5u * 1024 * 1024), "5.0 MiB");
    EXPECT_EQ(formatModified(std::nullopt), "");
    EXPECT_EQ(formatModified(0).size(), std::string("1970-01-01 00:00").size());
}

TEST_F(FileDialogTree, RemembersTheLastFolderBetweenOpenings) {
    FileDialog dialog;
    dialog.open(root());
    EXPECT_TRUE(dialog.isOpen());
    EXPECT_EQ(dialog.currentDirectory(), root());
    ASSERT_TRUE(dialog.navigateTo("sub"));
    EXPECT_EQ(dialog.currentDirectory(), (m_root / "sub").string());
    dialog.close();
    EXPECT_FALSE(dialog.isOpen());

    dialog.open(root());
    EXPECT_EQ(dialog.currentDirectory(), (m_root / "sub").string());
}

TEST_F(FileDialogTree, VanishedFolderFallsBackWithoutThrowing) {
    FileDialog dialog;
    dialog.open(root());
    ASSERT_TRUE(dialog.navigateTo("Zeta"));
    fs::remove(m_root / "Zeta");

    EXPECT_NO_THROW(dialog.open(root()));
    EXPECT_EQ(dialog.currentDirectory(), root());
    EXPECT_TRUE(dialog.error().empty()) << dialog.error();

    // Entering a folder that is gone keeps the dialog where it was and says why.
    EXPECT_FALSE(dialog.navigateTo("Zeta"));
    EXPECT_EQ(dialog.currentDirectory(), root());
    EXPECT_NE(dialog.error().find("Zeta"), std::string::npos) << dialog.error();
}

TEST_F(FileDialogTree, ListingIsFilteredForGeodataByDefault) {
    FileDialog dialog;
    dialog.open(root());
    const std::vector<std::string> shown = names(dialog.entries());
    EXPECT_TRUE(contains(shown, "Rivers.GPKG"));
    EXPECT_FALSE(contains(shown, "image.png"));
    EXPECT_FALSE(contains(shown, ".hidden.geojson"));
}

// ---- Headless ImGui: a context and a built font atlas are all NewFrame needs; Render() only fills draw
// lists, which nobody submits to a GPU.
class FileDialogImGui : public FileDialogTree {
protected:
    static constexpr int kEscapeKey = 300;  // any free slots of io.KeysDown
    static constexpr int kEnterKey = 301;

    void SetUp() override {
        FileDialogTree::SetUp();
        IMGUI_CHECKVERSION();
        m_context = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;  // keep imgui.ini out of the test's working directory
        io.LogFilename = nullptr;
        io.DisplaySize = ImVec2(1280.0f, 800.0f);
        io.DeltaTime = 1.0f / 60.0f;
        io.KeyMap[ImGuiKey_Escape] = kEscapeKey;
        io.KeyMap[ImGuiKey_Enter] = kEnterKey;
        unsigned char* pixels = nullptr;
        int width = 0;
        int height = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    }
    void TearDown() override {
        ImGui::DestroyContext(m_context);
        FileDialogTree::TearDown();
    }

    // One frame with the dialog; also reports whether any popup is open at top level afterwards, which is
    // what would block the rest of the app's windows.
    bool frame(FileDialog& dialog, std::vector<std::string>& chosen, bool* popupOpen = nullptr) {
        ImGui::NewFrame();
        const bool confirmed = dialog.draw(chosen);
        if (popupOpen) *popupOpen = ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId);
        ImGui::Render();
        return confirmed;
    }

    // A press and a release at (x, y), with Ctrl or Shift held throughout. Returns whether any of the
    // frames confirmed the dialog.
    bool click(FileDialog& dialog, std::vector<std::string>& chosen, float x, float y, bool ctrl = false,
               bool shift = false) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2(x, y);
        io.KeyCtrl = ctrl;
        io.KeyShift = shift;
        bool confirmed = frame(dialog, chosen);
        io.MouseDown[0] = true;
        confirmed |= frame(dialog, chosen);
        io.MouseDown[0] = false;
        confirmed |= frame(dialog, chosen);
        io.KeyCtrl = false;
        io.KeyShift = false;
        return confirmed;
    }
    bool doubleClick(FileDialog& dialog, std::vector<std::string>& chosen, float x, float y) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2(x, y);
        bool confirmed = frame(dialog, chosen);
        for (int i = 0; i < 2 && dialog.isOpen(); ++i) {
            io.MouseDown[0] = true;
            confirmed |= frame(dialog, chosen);
            io.MouseDown[0] = false;
            confirmed |= frame(dialog, chosen);
        }
        return confirmed;
    }
    // Where the dialog's table draws row `row`, from the same style values ImGui lays it out with: the
    // dialog is centred at 3/4 of the display; below its title bar come the path bar, then the table's
    // header row, then the entries. A layout change in the dialog shows up here as a wrong selection.
    ImVec2 rowCentre(int row) const {
        const ImGuiIO& io = ImGui::GetIO();
        const ImGuiStyle& style = ImGui::GetStyle();
        const float fontSize = ImGui::GetFontSize();
        const float top = io.DisplaySize.y * 0.125f + (fontSize + style.FramePadding.y * 2.0f) + style.WindowPadding.y +
                          (fontSize + style.FramePadding.y * 2.0f) + style.ItemSpacing.y;
        const float rowHeight = fontSize + style.CellPadding.y * 2.0f;
        return ImVec2(io.DisplaySize.x * 0.6f, top + rowHeight * (static_cast<float>(row) + 1.5f));
    }

    ImGuiContext* m_context = nullptr;
};

TEST_F(FileDialogImGui, DrawDoesNothingWhileClosed) {
    FileDialog dialog;
    std::vector<std::string> chosen = {"untouched"};
    bool popupOpen = true;
    EXPECT_FALSE(frame(dialog, chosen, &popupOpen));
    EXPECT_FALSE(popupOpen);
    EXPECT_FALSE(dialog.isOpen());
    EXPECT_EQ(chosen, std::vector<std::string>{"untouched"});
}

TEST_F(FileDialogImGui, DrawsHeadlessAndStaysOpenWithoutInput) {
    for (int i = 0; i < 600; ++i) write("tile_" + std::to_string(i) + ".geojson", 1);  // enough rows to clip
    FileDialog dialog;
    dialog.setBookmarks({{"Data", root()}, {"Gone", root() + "/no-such-folder"}});
    dialog.open(root());
    std::vector<std::string> chosen;
    for (int i = 0; i < 5; ++i) {
        bool popupOpen = false;
        EXPECT_FALSE(frame(dialog, chosen, &popupOpen));
        EXPECT_TRUE(popupOpen);
        EXPECT_TRUE(dialog.isOpen());
    }
    EXPECT_TRUE(chosen.empty());
    EXPECT_GT(ImGui::GetDrawData()->TotalVtxCount, 0);
}

TEST_F(FileDialogImGui, EscapeCancels) {
    FileDialog dialog;
    dialog.open(root());
    std::vector<std::string> chosen = {"untouched"};
    frame(dialog, chosen);
    frame(dialog, chosen);
    ASSERT_TRUE(dialog.isOpen());

    ImGui::GetIO().KeysDown[kEscapeKey] = true;
    EXPECT_FALSE(frame(dialog, chosen));
    ImGui::GetIO().KeysDown[kEscapeKey] = false;
    EXPECT_FALSE(dialog.isOpen());

    bool popupOpen = true;
    frame(dialog, chosen, &popupOpen);
    EXPECT_FALSE(popupOpen);
    EXPECT_EQ(chosen, std::vector<std::string>{"untouched"});
}

TEST_F(FileDialogImGui, CloseFromOutsideReleasesTheModalAndItReopens) {
    FileDialog dialog;
    dialog.open(root());
    std::vector<std::string> chosen;
    frame(dialog, chosen);
    dialog.close();
    EXPECT_FALSE(dialog.isOpen());

    bool popupOpen = true;
    frame(dialog, chosen, &popupOpen);
    EXPECT_FALSE(popupOpen);  // a forgotten modal would swallow every click in the app
    frame(dialog, chosen, &popupOpen);
    EXPECT_FALSE(popupOpen);

    dialog.open("");
    frame(dialog, chosen, &popupOpen);
    EXPECT_TRUE(popupOpen);
    EXPECT_TRUE(dialog.isOpen());
}

TEST_F(FileDialogImGui, MousePicksSeveralFilesAndEnterConfirms) {
    FileDialog dialog;
    dialog.open(root());
    std::vector<std::string> chosen;
    for (int i = 0; i < 3; ++i) frame(dialog, chosen);
    // Shown with the geodata filter: locked/ sub/ Zeta/ archive.shp.zip map2.csv map10.csv notes.TXT ...
    const std::string archive = (m_root / "archive.shp.zip").string();
    const std::string map2 = (m_root / "map2.csv").string();
    const std::string map10 = (m_root / "map10.csv").string();

    EXPECT_FALSE(click(dialog, chosen, rowCentre(3).x, rowCentre(3).y));
    ASSERT_EQ(dialog.selection(), std::vector<std::string>{archive}) << "the table is not where the test expects";
    click(dialog, chosen, rowCentre(5).x, rowCentre(5).y, false, true);
    EXPECT_EQ(dialog.selection(), (std::vector<std::string>{archive, map2, map10}));
    click(dialog, chosen, rowCentre(4).x, rowCentre(4).y, true, false);
    EXPECT_EQ(dialog.selection(), (std::vector<std::string>{archive, map10}));
    EXPECT_TRUE(dialog.isOpen());
    EXPECT_TRUE(chosen.empty());

    ImGui::GetIO().KeysDown[kEnterKey] = true;
    EXPECT_TRUE(frame(dialog, chosen));
    ImGui::GetIO().KeysDown[kEnterKey] = false;
    EXPECT_EQ(chosen, (std::vector<std::string>{archive, map10}));
    EXPECT_FALSE(dialog.isOpen());
    bool popupOpen = true;
    frame(dialog, chosen, &popupOpen);
    EXPECT_FALSE(popupOpen);
}

TEST_F(FileDialogImGui, DoubleClickEntersFoldersAndOpensFiles) {
    write("sub/inner.gpkg", 5);
    write("sub/other.gpkg", 5);
    FileDialog dialog;
    dialog.open(root());
    std::vector<std::string> chosen;
    for (int i = 0; i < 3; ++i) frame(dialog, chosen);

    EXPECT_FALSE(doubleClick(dialog, chosen, rowCentre(1).x, rowCentre(1).y));  // sub/
    EXPECT_EQ(dialog.currentDirectory(), (m_root / "sub").string());
    EXPECT_TRUE(dialog.isOpen());
    // The release that ended the double-click must not select whatever now sits under the mouse
    // (other.gpkg, row 1 of sub/).
    EXPECT_TRUE(dialog.selection().empty());

    EXPECT_TRUE(doubleClick(dialog, chosen, rowCentre(0).x, rowCentre(0).y));  // inner.gpkg
    EXPECT_EQ(chosen, std::vector<std::string>{(m_root / "sub" / "inner.gpkg").string()});
    EXPECT_FALSE(dialog.isOpen());

    // The next opening starts where the user left off.
    dialog.open(root());
    EXPECT_EQ(dialog.currentDirectory(), (m_root / "sub").string());
}

TEST_F(FileDialogImGui, BrokenFolderDrawsItsErrorInsteadOfThrowing) {
    FileDialog dialog;
    dialog.open(root());
    std::vector<std::string> chosen;
    frame(dialog, chosen);
    fs::remove_all(m_root);  // the folder on screen vanishes
    EXPECT_FALSE(dialog.navigateTo(root() + "/sub"));
    EXPECT_FALSE(dialog.error().empty());
    for (int i = 0; i < 3; ++i) EXPECT_NO_THROW(frame(dialog, chosen));
    EXPECT_TRUE(dialog.isOpen());
}

}  // namespace
}  // namespace fm
