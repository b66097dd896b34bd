#!/usr/bin/env python3
"""Renders the benchmark scene with QGIS (headless, QT_QPA_PLATFORM=offscreen) to a PNG.

Debian: apt-get install qgis python3-qgis. Layers: world-atlas land (filled) and countries (filled, outlined),
the events GeoPackage filtered by date (a subset string, run by GDAL's SQLite) and drawn as circles coloured by side.
"""
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

from qgis.core import (QgsApplication, QgsCategorizedSymbolRenderer, QgsCoordinateReferenceSystem,  # noqa: E402
                       QgsFillSymbol, QgsMapRendererParallelJob, QgsMapSettings, QgsMarkerSymbol, QgsRectangle,
                       QgsRendererCategory, QgsUnitTypes, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402


def main():
    a = common.parse()
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()

    def polygons(layer, color, alpha):
        lyr = QgsVectorLayer(f"{a.basemap}|layername={layer}", layer, "ogr")
        if not lyr.isValid():
            sys.exit(f"qgis: cannot open {a.basemap} layer {layer}")
        lyr.setCrs(QgsCoordinateReferenceSystem("EPSG:4326"))  # world-atlas' TopoJSON carries no CRS
        sym = QgsFillSymbol.createSimple({"color": color, "outline_color": color, "outline_width": "1.5",
                                          "outline_width_unit": "Pixel"})
        c = QColor(color)
        c.setAlphaF(alpha)
        sym.symbolLayer(0).setFillColor(c)
        lyr.renderer().setSymbol(sym)
        return lyr

    countries = polygons("countries", common.COUNTRIES, 0.35)
    land = polygons("land", common.LAND, 0.35)
    events = QgsVectorLayer(f"{a.events}|layername=events", "events", "ogr")
    if not events.isValid():
        sys.exit(f"qgis: cannot open {a.events}")
    events.setSubsetString(a.where)
    cats = []
    for side, color in common.SIDES.items():
        sym = QgsMarkerSymbol.createSimple({"name": "circle", "color": color, "outline_style": "no"})
        sym.setSize(2 * a.radius)
        sym.setSizeUnit(QgsUnitTypes.RenderPixels)
        cats.append(QgsRendererCategory(side, sym, side))
    events.setRenderer(QgsCategorizedSymbolRenderer("side", cats))

    s = QgsMapSettings()
    s.setLayers([events, land, countries])  # top first
    s.setDestinationCrs(QgsCoordinateReferenceSystem.fromProj(a.srs))
    s.setOutputSize(QSize(a.width, a.height))
    s.setExtent(QgsRectangle(*a.box))
    s.setBackgroundColor(QColor(common.BACKGROUND))
    s.setOutputDpi(96)
    job = QgsMapRendererParallelJob(s)
    job.start()
    job.waitForFinished()
    img = job.renderedImage()
    if not img.save(a.out, "png"):
        sys.exit(f"qgis: cannot write {a.out}")
    # Tear down in order (layers before the application), or QGIS 3.22 may crash on the way out.
    del job, img, s
    del events, land, countries
    app.exitQgis()


if __name__ == "__main__":
    main()
