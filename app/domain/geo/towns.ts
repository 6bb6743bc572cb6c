/** A town as a form offers it: whether it is on an island and has a local migrant community. */
export type TownOption = { id: number; name: string; onIsland: boolean; hasLocalCommunity: boolean };

/** A county (maakond) with its towns, for a grouped town choice. */
export type RegionWithTowns = { code: string; name: string; towns: TownOption[] };
