/** Travel time between towns: straight-line road estimates within a landmass, ferries between them. */
export { AVERAGE_SPEED_KMH, ROAD_FACTOR, haversineKm, roadKm, roadMinutes } from "./distance";
export type { LatLon } from "./distance";
export { clockToMinutes, minutesToClock } from "./clock";
export { createTravelPlanner } from "./planner";
export type { GeoFerry, GeoTown, Journey, JourneyLeg, TravelPlanner } from "./planner";
export { geoFromSeed } from "./from-seed";
export type { GeoFromSeedOptions, SeedFerryLike, SeedTownLike } from "./from-seed";
