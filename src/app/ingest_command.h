// `frontmap ingest`: news articles → geotagged events (a GeoPackage, GeoJSON or CSV in frontmap's event schema, see
// src/sources/article_ingest.h). A thin shell over ingestArticles() and writeIngestRows().
//
//   frontmap ingest ARTICLES... -o OUT.gpkg|.geojson|.csv [--date YYYY-MM-DD] [--gazetteer DIR] [--data DIR|none]
//                   [--actors FILE]... [--report] [--score LABELS.json]
//
// ARTICLES are .txt/.md files (optional Title:/Date:/Source:/URL: header), .jsonl files of article objects, or
// folders of them. The summary (counts, dates taken from --date or file times, every bad file or line with the
// reason) goes to stderr; --report prints what was found per article to stdout.
#pragma once

namespace fm {

// Exit status: 0 when the output was written (bad lines or files are reported, not fatal); 1 when no article could
// be read or the output could not be written; 2 for usage errors.
int runIngestCommand(int argc, char** argv);

}  // namespace fm
