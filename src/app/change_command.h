// `frontmap change`: what changed on a front-line layer between two dates — per category and per side, the area held
// at each date and the area gained and lost (geodesic km²), optionally per region. A thin shell over TimeLayer and
// computeAreaChange.
//
//   frontmap change LAYER --from D1 --to D2 [--json] [--date-field F] [--category-field F] [--layer NAME]
//                   [--side category=Side ...] [--regions FILE [--region-field F]]
//
// LAYER is one vector source, or a folder / several files with a date in their names (one snapshot per file).
// "As of D" is the state at the end of day D (UTC): per category, the latest snapshot on or before D (see TimeLayer).
//
// --json prints one object (numbers are km² with 3 decimals; dates are YYYY-MM-DD; null where a category shows no
// snapshot):
//   { "source": str, "layer": str, "date_field": str, "valid_from_field": str, "valid_to_field": str,
//     "category_field": str, "bad_dates": int,
//     "from": { "date": str, "snapshot": str|null, "features": int,
//               "categories": [ { "category": str, "snapshot": str|null, "features": int } ] },
//     "to":   { same as "from" },
//     "units": "km2",
//     "categories": [ ROW ], "sides": [ ROW ],
//     "regions": [ { "name": str, "categories": [ ROW ], "sides": [ ROW ] } ],   (absent without --regions)
//     "region_field": str,                                                    (absent without --regions)
//     "repairs": { "repaired": int, "skipped": int,
//                  "features": [ { "feature": int, "category": str, "vertices": int, "skipped": bool,
//                                  "reason": str } ] } }
//   ROW = { "name": str, "side": str, "area_from": num, "area_to": num, "gained": num, "lost": num }
//   ("feature" is the feature's 1-based row in the source layer, as in the reader's messages.)
#pragma once

namespace fm {

// Exit status: 0 on success; 1 when the layer (or the regions file) cannot be used, with a message naming the file and
// the reason on stderr; 2 for usage errors (missing arguments, bad dates, --from after --to).
int runChangeCommand(int argc, char** argv);

}  // namespace fm
