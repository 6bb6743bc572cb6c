import { Link } from "@remix-run/react";
import { useId } from "react";
import { useTranslation } from "react-i18next";

import { estoniaMap, placeLabels } from "~/domain/geo/map";

export type MapTown = { id: number; name: string; regionCode: string; lat: number; lon: number; count: number };

/**
 * Estonia's counties with a dot per town that has events; the number in a dot is how many.
 * Plain SVG rendered with the page, so it needs no script, tiles or fonts from elsewhere.
 */
export function EstoniaMap({
  towns,
  regionNames,
  townHref,
  highlightRegion = null,
  selectedTownId = null,
  showCounts = true,
  townLabel,
}: {
  towns: MapTown[];
  regionNames: Record<string, string>;
  townHref: (town: MapTown) => string;
  highlightRegion?: string | null;
  selectedTownId?: number | null;
  showCounts?: boolean;
  /** What a dot says to a pointer or a screen reader; by default the town and its number of events. */
  townLabel?: (town: MapTown) => string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const map = estoniaMap();
  // Bigger dots first: their names get the best places, and a small neighbour is drawn on top
  // so it stays clickable.
  const dots = towns.map((town) => ({ town, ...map.project(town.lat, town.lon), r: dotRadius(town.count), label: town.name })).sort((a, b) => b.r - a.r || a.town.id - b.town.id);
  const labels = placeLabels(dots, LABEL_SIZE, map);
  return (
    <svg className="estonia-map" viewBox={`0 0 ${map.width} ${map.height}`} aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`}>
      <title id={`${id}-title`}>{t("map.title")}</title>
      <desc id={`${id}-desc`}>{t("map.description")}</desc>
      <g className="map-counties">
        {map.counties.map((county) => (
          <path key={county.code} className={county.code === highlightRegion ? "map-county selected" : "map-county"} data-region={county.code} d={county.d}>
            <title>{regionNames[county.code] ?? county.code}</title>
          </path>
        ))}
      </g>
      <g className="map-towns">
        {dots.map(({ town, x, y, r }, index) => {
          const label = townLabel ? townLabel(town) : t("map.town", { town: town.name, count: town.count });
          const selected = town.id === selectedTownId;
          return (
            <Link
              key={town.id}
              to={townHref(town)}
              className={selected ? "map-town selected" : "map-town"}
              data-town={town.name}
              data-count={town.count}
              aria-label={label}
              aria-current={selected ? "true" : undefined}
            >
              <title>{label}</title>
              <circle cx={x} cy={y} r={r} />
              {showCounts ? (
                <text x={x} y={y} dy="0.35em" textAnchor="middle" className="map-town-count" aria-hidden="true">
                  {town.count}
                </text>
              ) : null}
              {labels[index] ? (
                <text x={labels[index].x} y={labels[index].y} dy="0.35em" textAnchor={labels[index].anchor} className="map-town-name" aria-hidden="true">
                  {town.name}
                </text>
              ) : null}
            </Link>
          );
        })}
      </g>
    </svg>
  );
}

/**
 * Font size of town names in map units (the CSS says the same): 22 of the 640 units across are
 * 12 px on a 390 px phone, where the map is about 350 px wide (test/e2e/accessibility.test.ts).
 */
const LABEL_SIZE = 22;

function dotRadius(count: number): number {
  return Math.round((11 + 2.5 * Math.sqrt(Math.min(count, 25))) * 10) / 10;
}
