// Tests for src/ui/export_panel: the size presets are the documented pixel sizes (A4 and A3 at 300 dpi both ways
// round), the request starts with every decoration on, the checks that decide whether "Export" may start, path
// extension handling, and that the panel draws (idle and busy) in a real ImGui frame without asking for anything
// by itself — it only edits the request.
#include "ui/export_panel.h"

#include <gtest/gtest.h>
#include <imgui.h>

#include <string>

#include "export/snapshot.h"

namespace fm {
namespace {

TEST(ExportPanel, PresetsAreTheDocumentedSizes) {
    const auto& p = exportSizePresets();
    auto has = [&](int w, int h) { return findExportSizePreset(w, h) >= 0; };
    EXPECT_TRUE(has(1920, 1080));
    EXPECT_TRUE(has(3840, 2160));
    EXPECT_TRUE(has(3508, 2480)) << "A4 landscape at 300 dpi";
    EXPECT_TRUE(has(2480, 3508)) << "A4 portrait at 300 dpi";
    EXPECT_TRUE(has(4961, 3508)) << "A3 landscape at 300 dpi";
    EXPECT_TRUE(has(3508, 4961)) << "A3 portrait at 300 dpi";
    EXPECT_EQ(p.size(), 6u);
    EXPECT_EQ(findExportSizePreset(1000, 1000), -1);
    for (const auto& preset : p) {
        EXPECT_LE(preset.width, kMaxExportSide);
        EXPECT_LE(preset.height, kMaxExportSide);
    }
}

TEST(ExportPanel, RequestStartsWithEveryDecorationOnAndNothingAsked) {
    const ExportRequest r;
    EXPECT_EQ(r.width, exportSizePresets()[r.preset].width);
    EXPECT_EQ(r.height, exportSizePresets()[r.preset].height);
    EXPECT_TRUE(r.legend && r.dateStamp && r.scaleBar && r.attribution);
    EXPECT_TRUE(r.autoPixelRatio);
    EXPECT_FLOAT_EQ(exportPixelRatio(r), automaticPixelRatio(1920, 1080));
    EXPECT_FALSE(r.ready || r.exportEvents || r.saveView || r.openView || r.browseImagePath || r.browseEventsPath ||
                 r.browseViewPath || r.cancel);
}

TEST(ExportPanel, ImageExportChecks) {
    ExportRequest r;
    EXPECT_NE(imageExportProblem(r), "") << "no path yet";
    r.imagePath = "/tmp/map.png";
    EXPECT_EQ(imageExportProblem(r), "");
    r.imagePath = "/tmp/map.PNG";
    EXPECT_EQ(imageExportProblem(r), "");
    r.imagePath = "/tmp/map.jpg";
    EXPECT_NE(imageExportProblem(r), "");
    r.imagePath = "/tmp/map.tif";
    EXPECT_EQ(imageExportProblem(r), "") << "GeoTIFF";
    r.imagePath = "/tmp/map.TIFF";
    EXPECT_EQ(imageExportProblem(r), "");
    r.imagePath = "/tmp/map.png";
    r.width = 0;
    EXPECT_NE(imageExportProblem(r), "");
    r.width = kMaxExportSide + 1;
    EXPECT_NE(imageExportProblem(r), "");
    r.width = kMaxExportSide;
    EXPECT_EQ(imageExportProblem(r), "");
    r.autoPixelRatio = false;
    r.pixelRatio = 0.f;
    EXPECT_NE(imageExportProblem(r), "");
    r.pixelRatio = 2.5f;
    EXPECT_EQ(imageExportProblem(r), "");
    EXPECT_FLOAT_EQ(exportPixelRatio(r), 2.5f);
}

TEST(ExportPanel, WithExtension) {
    EXPECT_EQ(withExtension("/a/map.jpg", ".png"), "/a/map.png");
    EXPECT_EQ(withExtension("/a/map", ".png"), "/a/map.png");
    EXPECT_EQ(withExtension("/a.b/map", ".csv"), "/a.b/map.csv");
    EXPECT_EQ(withExtension("events.geojson", ".gpkg"), "events.gpkg");
    EXPECT_EQ(withExtension("/a/.hidden", ".csv"), "/a/.hidden.csv");
    EXPECT_EQ(withExtension("", ".png"), "");
}

TEST(ExportPanel, DrawsIdleAndBusyWithoutAskingForAnything) {
    ImGuiContext* ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.DisplaySize = ImVec2(1280.f, 800.f);
    io.DeltaTime = 1.f / 60.f;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    ExportRequest r;
    r.title = "Front line";
    bool open = true;
    for (int frame = 0; frame < 4; ++frame) {
        r.busy = frame >= 2;
        r.progress = frame == 3 ? 0.5f : -1.f;
        r.status = frame == 1 ? "Wrote map.png" : "";
        ImGui::NewFrame();
        drawExportPanel(r, &open);
        ImGui::Render();
    }
    EXPECT_TRUE(open);
    EXPECT_FALSE(r.ready || r.exportEvents || r.saveView || r.openView || r.cancel);
    EXPECT_EQ(r.width, 1920);
    EXPECT_EQ(r.title, "Front line");
    ImGui::DestroyContext(ctx);
}

}  // namespace
}  // namespace fm
