/** Valid forms as the browser posts them, for tests that start from one and change a field or two. */
type Fields = Record<string, string | string[]>;

/** The coordinator's new-event form: a community event in December with typed places. */
export function eventFormFields(venueId: number, over: Fields = {}): Fields {
  return {
    intent: "save",
    kind: "community_event",
    venueId: String(venueId),
    title_et: "Saame tuttavaks! Paide",
    title_en: "Let's get to know each other! Paide",
    description_et: "Turg ja lood.",
    date: "2026-12-12",
    startTime: "12:00",
    endTime: "16:00",
    capacity: "30",
    expectedAudience: "20",
    languages: ["et", "ru"],
    isPublic: "on",
    slot_crafts: "2",
    slot_food: "1",
    slot_any: "1",
    ...over,
  };
}

/** The /join form in Ukrainian, with the empty rows a browser sends for unused language and date fields. */
export function signUpFields(over: Fields = {}): Fields {
  return {
    intent: "join",
    first_name: "Олена",
    last_name: "Коваленко",
    email: "Olena@Example.org",
    phone: "",
    home_town: "tartu",
    preferred_locale: "uk",
    lang_code: ["uk", "ru", ""],
    lang_level: ["native", "fluent", ""],
    offers: ["crafts", "story"],
    offer_description_crafts: "Вишиті рушники",
    offer_description_story: "",
    max_travel_minutes: "180",
    monthly_cap: "2",
    weekdays: ["6", "0"],
    times_of_day: ["afternoon"],
    unavailable_dates: ["2026-12-24", ""],
    needs_childcare: "on",
    dietary: "",
    country_of_origin: "UA",
    gender: "female",
    consent: "yes",
    ...over,
  };
}

/** The coordinator's new-series form: a weekly cosy corner at 17:00, eight sessions from 4 October 2026. */
export function seriesFormFields(venueId: number, over: Fields = {}): Fields {
  return {
    intent: "save",
    venueId: String(venueId),
    frequency: "weekly",
    startDate: "2026-10-04",
    startTime: "17:00",
    durationMinutes: "120",
    endType: "count",
    count: "8",
    title_et: "Hubane nurk",
    title_uk: "Затишний куточок",
    languages: ["et", "uk"],
    slot_language_cafe: "1",
    slot_crafts: "1",
    isPublic: "on",
    sessionState: "planned",
    ...over,
  };
}
