import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import type { RegionWithTowns } from "~/domain/geo/towns";

/** Folds case and diacritics, so "parnu" finds "Pärnu" and "voru" finds "Võru". */
function fold(value: string): string {
  return value.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/**
 * A town select grouped by county (<optgroup>), usable without JS; with JS a filter box above it
 * shortens the list as one types.
 */
export function TownSelect({
  regions,
  name,
  value,
  onChange,
  placeholder,
  controlProps,
}: {
  regions: RegionWithTowns[];
  name: string;
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  controlProps: { id: string; "aria-invalid"?: true; "aria-describedby"?: string };
}) {
  const { t } = useTranslation();
  const [hydrated, setHydrated] = useState(false);
  const [query, setQuery] = useState("");
  useEffect(() => setHydrated(true), []);
  const needle = fold(query.trim());
  const shown = regions
    .map((region) => ({
      ...region,
      towns: needle ? region.towns.filter((town) => String(town.id) === value || fold(town.name).includes(needle) || fold(region.name).includes(needle)) : region.towns,
    }))
    .filter((region) => region.towns.length > 0);
  return (
    <>
      {hydrated ? (
        <input
          type="search"
          className="town-filter"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            // Pick the only match, so typing a full name is enough.
            const matches = regions.flatMap((r) => r.towns).filter((town) => fold(town.name).startsWith(fold(e.target.value.trim())));
            if (e.target.value.trim() && matches.length === 1) onChange(String(matches[0].id));
          }}
          placeholder={t("requestForm.townFilter")}
          aria-label={t("requestForm.townFilter")}
          aria-controls={controlProps.id}
          title={t("requestForm.townFilterHint")}
        />
      ) : null}
      <select {...controlProps} name={name} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{placeholder}</option>
        {shown.map((region) => (
          <optgroup key={region.code} label={region.name}>
            {region.towns.map((town) => (
              <option key={town.id} value={town.id}>
                {town.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </>
  );
}
