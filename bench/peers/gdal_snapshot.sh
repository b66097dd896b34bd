#!/usr/bin/env bash
# Renders the benchmark scene with GDAL's own tools: gdal_rasterize burns land, the country outlines and the
# filtered events (one pass per side, one pixel per event: gdal_rasterize has no symbols) into a GeoTIFF in the
# map's projection (it reprojects the vectors on the fly), then gdal_translate writes the PNG.
#
#   gdal_snapshot.sh BASEMAP EVENTS FROM TO WxH SRS MINX,MINY,MAXX,MAXY OUT.png
#
# Debian: gdal-bin. Prints the peak resident size of the steps (KiB) on the last line when /usr/bin/time exists.
set -euo pipefail
[[ $# -eq 8 ]] || { echo "usage: $0 BASEMAP EVENTS FROM TO WxH SRS MINX,MINY,MAXX,MAXY OUT.png" >&2; exit 2; }
basemap="$1" events="$2" from="$3" to="$4" size="$5" srs="$6" extent="$7" out="$8"
tif="${out%.png}.tif"
peak=0
step() {
  local t
  t="$(mktemp)"
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -f '%M' -o "$t" "$@" >/dev/null
    local kib
    kib="$(tail -n 1 "$t")"
    ((kib > peak)) && peak="$kib"
  else
    "$@" >/dev/null
  fi
  rm -f "$t"
}
rm -f "$tif" "$out"
IFS=, read -r x0 y0 x1 y1 <<<"$extent"
# world-atlas' TopoJSON carries no CRS: a VRT says it is lon/lat (as frontmap, QGIS and Mapnik are told), and gives
# the country outlines as lines. Land is one world-wide polygon that gdal_rasterize cannot reproject whole (points
# beyond the projection's reach drop the feature), so it is rasterised in lon/lat at twice the output's size and
# warped into the map's projection with gdalwarp; outlines and events are reprojected by gdal_rasterize itself.
vrt="${out%.png}.basemap.vrt"
land="${out%.png}.land.tif"
src="$(realpath "$basemap")"
cat >"$vrt" <<VRT
<OGRVRTDataSource>
  <OGRVRTLayer name="land"><SrcDataSource>$src</SrcDataSource><SrcLayer>land</SrcLayer><LayerSRS>EPSG:4326</LayerSRS></OGRVRTLayer>
  <OGRVRTLayer name="borders"><SrcDataSource>$src</SrcDataSource>
    <SrcSQL dialect="SQLite">SELECT ST_Boundary(geometry) AS geometry FROM countries</SrcSQL><LayerSRS>EPSG:4326</LayerSRS></OGRVRTLayer>
</OGRVRTDataSource>
VRT
W="${size%x*}" H="${size#*x}"
step gdal_rasterize -q -l land -burn 164 -burn 192 -burn 216 -init 180 -init 208 -init 226 -ot Byte -ts $((2 * W)) $((2 * H)) \
  -te 15 38 55 60 -a_srs EPSG:4326 "$vrt" "$land"
step gdalwarp -q -t_srs "$srs" -te "$x0" "$y0" "$x1" "$y1" -ts "$W" "$H" -r near -co TILED=YES "$land" "$tif"
step gdal_rasterize -q -l borders -burn 214 -burn 39 -burn 40 -b 1 -b 2 -b 3 "$vrt" "$tif"
where="date_start <= '$to' AND date_end >= '$from'"
step gdal_rasterize -q -l events -where "side = 'Russia' AND $where" -b 1 -b 2 -b 3 -burn 198 -burn 40 -burn 40 "$events" "$tif"
step gdal_rasterize -q -l events -where "side = 'Ukraine' AND $where" -b 1 -b 2 -b 3 -burn 21 -burn 101 -burn 192 "$events" "$tif"
step gdal_rasterize -q -l events -where "side = 'United States' AND $where" -b 1 -b 2 -b 3 -burn 46 -burn 125 -burn 50 "$events" "$tif"
step gdal_rasterize -q -l events -where "side = 'Other' AND $where" -b 1 -b 2 -b 3 -burn 109 -burn 109 -burn 109 "$events" "$tif"
step gdal_translate -q -of PNG "$tif" "$out"
rm -f "$tif" "$vrt" "$land" "$out.aux.xml"
echo "peak_kib=$peak"
