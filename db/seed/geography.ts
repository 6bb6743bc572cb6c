/**
 * Real Estonian geography for Tuttav: the 15 counties, the towns and villages we plan events
 * between, and the ferry links to the inhabited islands.
 *
 * Sources and precision
 * - County codes are the current ISO 3166-2:EE codes, which equal the Estonian EHAK county
 *   codes (changed in ISO's 2020-11 update: Ida-Viru EE-44 → EE-45, Võru EE-86 → EE-87, …).
 *   Older lists still carry the pre-2020 codes; do not "fix" them back.
 * - Counties are as after the 2017 administrative reform: Lihula and Virtsu are in Pärnu
 *   County, Värska in Võru County, Laaksaare (former Meeksi parish) in Põlva County,
 *   Aseri in Lääne-Viru County, Ruhnu in Saare County.
 * - Coordinates are WGS84, 4 decimals (≈10 m), at the settlement centre; for ports at the
 *   harbour. Small islands are one point each (the village by the harbour): they are a few
 *   kilometres across, below the precision of the road estimate.
 * - Muhu is joined to Saaremaa by the Väike väin causeway, so Muhu's villages (Kuivastu,
 *   Liiva) have landmass "saaremaa"; Kassari is joined to Hiiumaa the same way.
 * - `hasLocalCommunity` marks places where refugees and other migrants already live in
 *   numbers (the cities, Ida-Virumaa's towns, county centres that took in relocated
 *   refugees and Ukrainians since 2022, and Vao, home of the reception centre for
 *   applicants for international protection). Everything else, and every island, is a
 *   place people travel *to*.
 * - Ferry times are the usual crossing times; `waitMinutes` is check-in before a planned
 *   sailing (we plan to the timetable, so it is not the random wait between sailings).
 *   Last departures are the usual weekday last sailings of recent timetables, rounded and
 *   on the early side; timetables change every season, so treat them as planning
 *   warnings, not as a booking source (praamid.ee, veeteed.com, kihnuveeteed.ee).
 * - Islands left out because the Landmass vocabulary has no place for them (no regular
 *   events planned there): Prangli, Naissaar, Aegna, Vilsandi, Kessulaid and the other
 *   islets.
 */
import type { Landmass } from "../../app/domain/vocabulary";

export type RegionSeed = {
  /** ISO 3166-2, e.g. "EE-37". */
  code: string;
  names: { et: string; en: string; ru: string; uk: string };
};

export type TownSeed = {
  /** Lowercase ascii, stable: used by fixtures and imports. */
  slug: string;
  /** Estonian name. */
  name: string;
  regionCode: string;
  /** WGS84, 4 decimals. */
  lat: number;
  lon: number;
  landmass: Landmass;
  hasLocalCommunity: boolean;
  isPort: boolean;
};

export type FerryLinkSeed = {
  /** Town slug. */
  from: string;
  to: string;
  crossingMinutes: number;
  /** Typical check-in / boarding time before a sailing. */
  waitMinutes: number;
  /** Usual last departure from `from`, "HH:MM" local. */
  lastDepartureFrom: string | null;
  /** Usual last departure from `to` back. */
  lastDepartureTo: string | null;
  /** Runs only on a summer timetable. */
  seasonal: boolean;
  note?: string;
};

export const REGIONS: RegionSeed[] = [
  { code: "EE-37", names: { et: "Harjumaa", en: "Harju County", ru: "Харьюмаа", uk: "Гар'юмаа" } },
  { code: "EE-39", names: { et: "Hiiumaa", en: "Hiiu County", ru: "Хийумаа", uk: "Гіюмаа" } },
  { code: "EE-45", names: { et: "Ida-Virumaa", en: "Ida-Viru County", ru: "Ида-Вирумаа", uk: "Іда-Вірумаа" } },
  { code: "EE-50", names: { et: "Jõgevamaa", en: "Jõgeva County", ru: "Йыгевамаа", uk: "Йигевамаа" } },
  { code: "EE-52", names: { et: "Järvamaa", en: "Järva County", ru: "Ярвамаа", uk: "Ярвамаа" } },
  { code: "EE-56", names: { et: "Läänemaa", en: "Lääne County", ru: "Ляэнемаа", uk: "Ляенемаа" } },
  { code: "EE-60", names: { et: "Lääne-Virumaa", en: "Lääne-Viru County", ru: "Ляэне-Вирумаа", uk: "Ляене-Вірумаа" } },
  { code: "EE-64", names: { et: "Põlvamaa", en: "Põlva County", ru: "Пылвамаа", uk: "Пилвамаа" } },
  { code: "EE-68", names: { et: "Pärnumaa", en: "Pärnu County", ru: "Пярнумаа", uk: "Пярнумаа" } },
  { code: "EE-71", names: { et: "Raplamaa", en: "Rapla County", ru: "Рапламаа", uk: "Рапламаа" } },
  { code: "EE-74", names: { et: "Saaremaa", en: "Saare County", ru: "Сааремаа", uk: "Сааремаа" } },
  { code: "EE-79", names: { et: "Tartumaa", en: "Tartu County", ru: "Тартумаа", uk: "Тартумаа" } },
  { code: "EE-81", names: { et: "Valgamaa", en: "Valga County", ru: "Валгамаа", uk: "Валгамаа" } },
  { code: "EE-84", names: { et: "Viljandimaa", en: "Viljandi County", ru: "Вильяндимаа", uk: "Вільяндімаа" } },
  { code: "EE-87", names: { et: "Võrumaa", en: "Võru County", ru: "Вырумаа", uk: "Вирумаа" } },
];

// Compact row builder: one town per line keeps the table reviewable against a map.
function t(slug: string, name: string, regionCode: string, lat: number, lon: number, landmass: Landmass, flags: { community?: boolean; port?: boolean } = {}): TownSeed {
  return { slug, name, regionCode, lat, lon, landmass, hasLocalCommunity: flags.community ?? false, isPort: flags.port ?? false };
}

const COMMUNITY = { community: true };
const PORT = { port: true };

export const TOWNS: TownSeed[] = [
  // Harjumaa
  t("tallinn", "Tallinn", "EE-37", 59.437, 24.7536, "mainland", COMMUNITY),
  t("maardu", "Maardu", "EE-37", 59.4767, 25.0211, "mainland", COMMUNITY),
  t("keila", "Keila", "EE-37", 59.3036, 24.4131, "mainland", COMMUNITY),
  t("saue", "Saue", "EE-37", 59.3226, 24.5497, "mainland", COMMUNITY),
  t("paldiski", "Paldiski", "EE-37", 59.3567, 24.0531, "mainland", COMMUNITY),
  t("laagri", "Laagri", "EE-37", 59.3508, 24.6142, "mainland"),
  t("viimsi", "Viimsi", "EE-37", 59.505, 24.8481, "mainland"),
  t("juri", "Jüri", "EE-37", 59.3542, 24.8942, "mainland"),
  t("saku", "Saku", "EE-37", 59.3035, 24.6638, "mainland"),
  t("kehra", "Kehra", "EE-37", 59.3361, 25.3211, "mainland"),
  t("kuusalu", "Kuusalu", "EE-37", 59.4439, 25.4414, "mainland"),
  t("loksa", "Loksa", "EE-37", 59.5764, 25.7214, "mainland"),
  t("kose", "Kose", "EE-37", 59.1833, 25.1667, "mainland"),

  // Hiiumaa
  t("kardla", "Kärdla", "EE-39", 58.9978, 22.7492, "hiiumaa"),
  t("kaina", "Käina", "EE-39", 58.8292, 22.7808, "hiiumaa"),
  t("emmaste", "Emmaste", "EE-39", 58.7028, 22.6097, "hiiumaa"),
  t("korgessaare", "Kõrgessaare", "EE-39", 58.9792, 22.4708, "hiiumaa"),
  t("heltermaa", "Heltermaa", "EE-39", 58.8668, 23.0461, "hiiumaa", PORT),
  t("soru", "Sõru", "EE-39", 58.6917, 22.5233, "hiiumaa", PORT),

  // Ida-Virumaa
  t("narva", "Narva", "EE-45", 59.3772, 28.1903, "mainland", COMMUNITY),
  t("narva-joesuu", "Narva-Jõesuu", "EE-45", 59.4589, 28.0408, "mainland", COMMUNITY),
  t("kohtla-jarve", "Kohtla-Järve", "EE-45", 59.3986, 27.2731, "mainland", COMMUNITY),
  t("sillamae", "Sillamäe", "EE-45", 59.397, 27.7633, "mainland", COMMUNITY),
  t("johvi", "Jõhvi", "EE-45", 59.3592, 27.4211, "mainland", COMMUNITY),
  t("kivioli", "Kiviõli", "EE-45", 59.3531, 26.9711, "mainland"),
  t("pussi", "Püssi", "EE-45", 59.36, 27.0497, "mainland"),
  t("toila", "Toila", "EE-45", 59.4213, 27.5081, "mainland"),
  t("iisaku", "Iisaku", "EE-45", 59.1014, 27.3081, "mainland"),

  // Jõgevamaa
  t("jogeva", "Jõgeva", "EE-50", 58.7467, 26.3939, "mainland"),
  t("poltsamaa", "Põltsamaa", "EE-50", 58.6525, 25.9706, "mainland"),
  t("mustvee", "Mustvee", "EE-50", 58.8486, 26.9397, "mainland"),
  t("palamuse", "Palamuse", "EE-50", 58.6833, 26.5833, "mainland"),

  // Järvamaa
  t("paide", "Paide", "EE-52", 58.8856, 25.5572, "mainland"),
  t("turi", "Türi", "EE-52", 58.8086, 25.4325, "mainland"),
  t("jarva-jaani", "Järva-Jaani", "EE-52", 59.0386, 25.8864, "mainland"),
  t("koeru", "Koeru", "EE-52", 58.9631, 26.0308, "mainland"),

  // Läänemaa (with Vormsi)
  t("haapsalu", "Haapsalu", "EE-56", 58.9431, 23.5414, "mainland", COMMUNITY),
  t("uuemoisa", "Uuemõisa", "EE-56", 58.9394, 23.5894, "mainland"),
  t("taebla", "Taebla", "EE-56", 58.9539, 23.7522, "mainland"),
  t("rohukula", "Rohuküla", "EE-56", 58.9061, 23.4225, "mainland", PORT),
  t("sviby", "Sviby", "EE-56", 58.9917, 23.3167, "vormsi", PORT),
  t("hullo", "Hullo", "EE-56", 58.99, 23.2444, "vormsi"),

  // Lääne-Virumaa
  t("rakvere", "Rakvere", "EE-60", 59.3464, 26.3558, "mainland", COMMUNITY),
  t("vao", "Vao", "EE-60", 59.1017, 26.1847, "mainland", COMMUNITY),
  t("tapa", "Tapa", "EE-60", 59.2606, 25.9586, "mainland"),
  t("kunda", "Kunda", "EE-60", 59.4986, 26.5261, "mainland"),
  t("aseri", "Aseri", "EE-60", 59.4506, 26.8675, "mainland"),
  t("tamsalu", "Tamsalu", "EE-60", 59.1586, 26.1153, "mainland"),
  t("vaike-maarja", "Väike-Maarja", "EE-60", 59.1264, 26.25, "mainland"),
  t("kadrina", "Kadrina", "EE-60", 59.3347, 26.145, "mainland"),
  t("haljala", "Haljala", "EE-60", 59.4336, 26.2614, "mainland"),
  t("vinni", "Vinni", "EE-60", 59.2958, 26.4322, "mainland"),

  // Põlvamaa
  t("polva", "Põlva", "EE-64", 58.0603, 27.0694, "mainland"),
  t("rapina", "Räpina", "EE-64", 58.0981, 27.4636, "mainland"),
  t("kanepi", "Kanepi", "EE-64", 57.9831, 26.7564, "mainland"),
  t("laaksaare", "Laaksaare", "EE-64", 58.296, 27.437, "mainland", PORT),

  // Pärnumaa (with Kihnu and Manilaid)
  t("parnu", "Pärnu", "EE-68", 58.3859, 24.4971, "mainland", { community: true, port: true }),
  t("sindi", "Sindi", "EE-68", 58.4006, 24.6675, "mainland"),
  t("audru", "Audru", "EE-68", 58.4086, 24.3739, "mainland"),
  t("tori", "Tori", "EE-68", 58.4833, 24.8167, "mainland"),
  t("vandra", "Vändra", "EE-68", 58.6481, 25.0361, "mainland"),
  t("parnu-jaagupi", "Pärnu-Jaagupi", "EE-68", 58.6105, 24.5069, "mainland"),
  t("kilingi-nomme", "Kilingi-Nõmme", "EE-68", 58.1503, 24.9642, "mainland"),
  t("haademeeste", "Häädemeeste", "EE-68", 58.0733, 24.49, "mainland"),
  t("lihula", "Lihula", "EE-68", 58.6814, 23.8453, "mainland"),
  t("tostamaa", "Tõstamaa", "EE-68", 58.33, 23.9833, "mainland"),
  t("virtsu", "Virtsu", "EE-68", 58.5736, 23.5086, "mainland", PORT),
  t("munalaid", "Munalaid", "EE-68", 58.225, 23.948, "mainland", PORT),
  t("kihnu", "Kihnu", "EE-68", 58.1372, 23.9744, "kihnu", PORT),
  t("manilaid", "Manilaid", "EE-68", 58.2111, 23.9231, "manilaid", PORT),

  // Raplamaa
  t("rapla", "Rapla", "EE-71", 59.0072, 24.7928, "mainland"),
  t("kohila", "Kohila", "EE-71", 59.1681, 24.7575, "mainland"),
  t("marjamaa", "Märjamaa", "EE-71", 58.9039, 24.4306, "mainland"),
  t("kehtna", "Kehtna", "EE-71", 58.9303, 24.8781, "mainland"),
  t("jarvakandi", "Järvakandi", "EE-71", 58.7789, 24.8258, "mainland"),

  // Saaremaa (with Muhu, Abruka and Ruhnu)
  t("kuressaare", "Kuressaare", "EE-74", 58.2481, 22.5039, "saaremaa"),
  t("orissaare", "Orissaare", "EE-74", 58.5592, 23.0826, "saaremaa"),
  t("leisi", "Leisi", "EE-74", 58.5542, 22.7003, "saaremaa"),
  t("valjala", "Valjala", "EE-74", 58.4069, 22.7869, "saaremaa"),
  t("kihelkonna", "Kihelkonna", "EE-74", 58.3608, 22.0875, "saaremaa"),
  t("karla", "Kärla", "EE-74", 58.3278, 22.2556, "saaremaa"),
  t("salme", "Salme", "EE-74", 58.1639, 22.2431, "saaremaa"),
  t("triigi", "Triigi", "EE-74", 58.5914, 22.7189, "saaremaa", PORT),
  t("roomassaare", "Roomassaare", "EE-74", 58.2206, 22.5219, "saaremaa", PORT),
  t("kuivastu", "Kuivastu", "EE-74", 58.5758, 23.3928, "saaremaa", PORT),
  t("liiva", "Liiva", "EE-74", 58.6019, 23.2469, "saaremaa"),
  t("abruka", "Abruka", "EE-74", 58.1486, 22.515, "abruka", PORT),
  t("ruhnu", "Ruhnu", "EE-74", 57.8003, 23.2483, "ruhnu", PORT),

  // Tartumaa (with Piirissaar)
  t("tartu", "Tartu", "EE-79", 58.378, 26.729, "mainland", COMMUNITY),
  t("elva", "Elva", "EE-79", 58.2225, 26.4211, "mainland"),
  t("noo", "Nõo", "EE-79", 58.2756, 26.5375, "mainland"),
  t("ulenurme", "Ülenurme", "EE-79", 58.3162, 26.7252, "mainland"),
  t("luunja", "Luunja", "EE-79", 58.3558, 26.8808, "mainland"),
  t("korvekula", "Kõrveküla", "EE-79", 58.4242, 26.7822, "mainland"),
  t("alatskivi", "Alatskivi", "EE-79", 58.5981, 27.1336, "mainland"),
  t("kallaste", "Kallaste", "EE-79", 58.6631, 27.1617, "mainland"),
  t("piirissaare", "Piirissaar", "EE-79", 58.375, 27.498, "piirissaar", PORT),

  // Valgamaa
  t("valga", "Valga", "EE-81", 57.7778, 26.0473, "mainland", COMMUNITY),
  t("torva", "Tõrva", "EE-81", 58.0028, 25.935, "mainland"),
  t("otepaa", "Otepää", "EE-81", 58.0581, 26.4964, "mainland"),

  // Viljandimaa
  t("viljandi", "Viljandi", "EE-84", 58.3639, 25.59, "mainland", COMMUNITY),
  t("suure-jaani", "Suure-Jaani", "EE-84", 58.5361, 25.4706, "mainland"),
  t("vohma", "Võhma", "EE-84", 58.6283, 25.5483, "mainland"),
  t("karksi-nuia", "Karksi-Nuia", "EE-84", 58.1033, 25.5628, "mainland"),
  t("abja-paluoja", "Abja-Paluoja", "EE-84", 58.1253, 25.3497, "mainland"),
  t("moisakula", "Mõisaküla", "EE-84", 58.0922, 25.1864, "mainland"),

  // Võrumaa
  t("voru", "Võru", "EE-87", 57.8339, 27.0194, "mainland", COMMUNITY),
  t("antsla", "Antsla", "EE-87", 57.8256, 26.5406, "mainland"),
  t("rouge", "Rõuge", "EE-87", 57.7278, 26.9097, "mainland"),
  t("vastseliina", "Vastseliina", "EE-87", 57.7308, 27.2797, "mainland"),
  t("varska", "Värska", "EE-87", 57.9581, 27.6381, "mainland"),
];

export const FERRY_LINKS: FerryLinkSeed[] = [
  {
    from: "virtsu",
    to: "kuivastu",
    crossingMinutes: 28,
    waitMinutes: 15,
    lastDepartureFrom: "23:15",
    lastDepartureTo: "22:30",
    seasonal: false,
    note: "Suur väin, the main Saaremaa/Muhu line; sailings every 30–60 minutes by day.",
  },
  {
    from: "rohukula",
    to: "heltermaa",
    crossingMinutes: 75,
    waitMinutes: 15,
    lastDepartureFrom: "21:00",
    lastDepartureTo: "19:45",
    seasonal: false,
    note: "The main Hiiumaa line.",
  },
  {
    from: "soru",
    to: "triigi",
    crossingMinutes: 65,
    waitMinutes: 15,
    lastDepartureFrom: "18:30",
    lastDepartureTo: "17:00",
    seasonal: false,
    note: "Soela väin between Hiiumaa and Saaremaa; two or three sailings a day, none in heavy ice.",
  },
  {
    from: "munalaid",
    to: "kihnu",
    crossingMinutes: 60,
    waitMinutes: 15,
    lastDepartureFrom: "17:45",
    lastDepartureTo: "16:15",
    seasonal: false,
    note: "Year round while the strait is open; flights from Pärnu or an ice road in hard winters.",
  },
  {
    from: "parnu",
    to: "kihnu",
    crossingMinutes: 150,
    waitMinutes: 15,
    lastDepartureFrom: "09:00",
    lastDepartureTo: "17:00",
    seasonal: true,
    note: "Summer only, on some days of the week; one sailing each way.",
  },
  {
    from: "rohukula",
    to: "sviby",
    crossingMinutes: 45,
    waitMinutes: 15,
    lastDepartureFrom: "19:00",
    lastDepartureTo: "18:00",
    seasonal: false,
    note: "Vormsi line.",
  },
  {
    from: "munalaid",
    to: "manilaid",
    crossingMinutes: 20,
    waitMinutes: 10,
    lastDepartureFrom: "16:30",
    lastDepartureTo: "16:00",
    seasonal: false,
    note: "Small passenger boat; a few sailings a day.",
  },
  {
    from: "roomassaare",
    to: "abruka",
    crossingMinutes: 30,
    waitMinutes: 10,
    lastDepartureFrom: "17:30",
    lastDepartureTo: "17:00",
    seasonal: false,
    note: "Passenger boat from Kuressaare's harbour.",
  },
  {
    from: "parnu",
    to: "ruhnu",
    crossingMinutes: 180,
    waitMinutes: 20,
    lastDepartureFrom: "10:00",
    lastDepartureTo: "16:00",
    seasonal: true,
    note: "Summer only; in winter Ruhnu is reached by air.",
  },
  {
    from: "roomassaare",
    to: "ruhnu",
    crossingMinutes: 135,
    waitMinutes: 20,
    lastDepartureFrom: "10:00",
    lastDepartureTo: "16:00",
    seasonal: true,
    note: "Navigation season only; flights from Kuressaare and Pärnu in winter.",
  },
  {
    from: "laaksaare",
    to: "piirissaare",
    crossingMinutes: 45,
    waitMinutes: 10,
    lastDepartureFrom: "17:30",
    lastDepartureTo: "15:45",
    seasonal: false,
    note: "Lake Peipus (Lämmijärv), 10 km of waterway; hovercraft or ice road when the lake is frozen.",
  },
];
