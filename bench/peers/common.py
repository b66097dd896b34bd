"""Arguments shared by the peer renderers: the same scene frontmap's snapshot draws (see bench/README.md)."""
import argparse

# frontmap's colours: user layers 0 and 1 (countries, land) and the event sides (src/render/map_scene.cpp,
# src/render/map_renderer.h).
COUNTRIES = "#d62728"
LAND = "#1f77b4"
BACKGROUND = "#b4d0e2"
SIDES = {"Russia": "#c62828", "Ukraine": "#1565c0", "United States": "#2e7d32", "Other": "#6d6d6d"}


def parse():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--basemap", required=True, help="TopoJSON with layers 'countries' and 'land' (world-atlas 10m)")
    p.add_argument("--events", required=True, help="GeoPackage with layer 'events' (frontmap_bench gen-events)")
    p.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD")
    p.add_argument("--size", required=True, help="WxH")
    p.add_argument("--srs", required=True, help="PROJ string of the map")
    p.add_argument("--extent", required=True, help="minx,miny,maxx,maxy in the map's units")
    p.add_argument("--radius", type=float, required=True, help="event circle radius in pixels")
    p.add_argument("--out", required=True, help="PNG to write")
    a = p.parse_args()
    a.width, a.height = (int(v) for v in a.size.lower().split("x"))
    a.box = [float(v) for v in a.extent.split(",")]
    # frontmap's filter: an event [date_start, date_end] shows when it overlaps [from, to]. Dates are ISO text.
    a.where = f"date_start <= '{a.date_to}' AND date_end >= '{a.date_from}'"
    return a
