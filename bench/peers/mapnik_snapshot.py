#!/usr/bin/env python3
"""Renders the benchmark scene with Mapnik to a PNG.

Debian: apt-get install python3-mapnik. Layers through Mapnik's OGR input: world-atlas land and countries, the
events GeoPackage with one rule per side whose filter also holds the date range (dates are text in the file:
Mapnik's OGR input drops GeoPackage Date fields), drawn as circles.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

import mapnik  # noqa: E402


def main():
    a = common.parse()
    m = mapnik.Map(a.width, a.height, a.srs)
    m.background = mapnik.Color(common.BACKGROUND)

    def polygons(layer, color):
        style = mapnik.Style()
        rule = mapnik.Rule()
        fill = mapnik.PolygonSymbolizer()
        fill.fill = mapnik.Color(color)
        fill.fill_opacity = 0.35
        rule.symbols.append(fill)
        line = mapnik.LineSymbolizer()
        line.stroke = mapnik.Color(color)
        line.stroke_width = 1.5
        rule.symbols.append(line)
        style.rules.append(rule)
        m.append_style(layer, style)
        lyr = mapnik.Layer(layer, "+proj=longlat +datum=WGS84 +no_defs")
        lyr.datasource = mapnik.Ogr(file=a.basemap, layer=layer)
        lyr.styles.append(layer)
        m.layers.append(lyr)

    polygons("countries", common.COUNTRIES)
    polygons("land", common.LAND)

    style = mapnik.Style()
    dates = f"[date_start] <= '{a.date_to}' and [date_end] >= '{a.date_from}'"
    for side, color in common.SIDES.items():
        rule = mapnik.Rule()
        rule.filter = mapnik.Expression(f"[side] = '{side}' and {dates}")
        sym = mapnik.MarkersSymbolizer()
        sym.fill = mapnik.Color(color)
        sym.width = mapnik.Expression(str(2 * a.radius))
        sym.height = mapnik.Expression(str(2 * a.radius))
        sym.stroke_width = 0.0
        sym.allow_overlap = True
        sym.ignore_placement = True
        rule.symbols.append(sym)
        style.rules.append(rule)
    m.append_style("events", style)
    lyr = mapnik.Layer("events", "+proj=longlat +datum=WGS84 +no_defs")
    lyr.datasource = mapnik.Ogr(file=a.events, layer="events")
    lyr.styles.append("events")
    m.layers.append(lyr)

    m.zoom_to_box(mapnik.Box2d(*a.box))
    mapnik.render_to_file(m, a.out, "png")


if __name__ == "__main__":
    main()
