/**
 * Demo participants: invented people with realistic language sets, offers and home towns in
 * places that have migrant communities. Compact rows keep the list readable.
 * languages: "code:level,…"; offers: "offer:description;…"; weekdays: digits 0 (Sunday) … 6.
 */
export type DemoParticipant = {
  firstName: string;
  lastName: string;
  country: string;
  gender: "female" | "male" | null;
  home: string;
  languages: string;
  offers: string;
  maxTravel: number;
  cap: number;
  weekdays: string;
  times: string;
  childcare?: boolean;
  stepFree?: boolean;
  dietary?: string;
  locale: "et" | "en" | "ru" | "uk";
};

export const DEMO_PARTICIPANTS: DemoParticipant[] = [
  { firstName: "Olena", lastName: "Kovalenko", country: "UA", gender: "female", home: "tallinn", languages: "uk:native,ru:fluent,et:conversational,en:basic", offers: "crafts:Embroidered towels and brooches;story:Leaving Kharkiv with two children", maxTravel: 240, cap: 2, weekdays: "0156", times: "morning,afternoon,evening", locale: "uk" },
  { firstName: "Iryna", lastName: "Melnyk", country: "UA", gender: "female", home: "tartu", languages: "uk:native,ru:fluent,en:conversational", offers: "food:Varenyky and borscht;workshop:Pysanka egg painting", maxTravel: 180, cap: 2, weekdays: "06", times: "afternoon,evening", childcare: true, locale: "uk" },
  { firstName: "Andrii", lastName: "Shevchenko", country: "UA", gender: "male", home: "parnu", languages: "uk:native,ru:fluent,et:basic", offers: "music:Bandura and folk songs", maxTravel: 200, cap: 3, weekdays: "056", times: "afternoon,evening", locale: "uk" },
  { firstName: "Nataliia", lastName: "Bondarenko", country: "UA", gender: "female", home: "narva", languages: "uk:native,ru:native,et:conversational", offers: "language_cafe:Russian and Ukrainian conversation;interpreting:Ukrainian–Estonian", maxTravel: 150, cap: 2, weekdays: "2346", times: "evening", locale: "ru" },
  { firstName: "Oksana", lastName: "Tkachenko", country: "UA", gender: "female", home: "tallinn", languages: "uk:native,ru:fluent,en:fluent,et:conversational", offers: "workshop:Motanka dolls;interpreting:Ukrainian–English", maxTravel: 300, cap: 2, weekdays: "0356", times: "morning,afternoon", locale: "en" },
  { firstName: "Serhii", lastName: "Kravets", country: "UA", gender: "male", home: "viljandi", languages: "uk:native,ru:fluent,et:basic", offers: "story:Rebuilding a bakery in a new country;food:Ukrainian bread", maxTravel: 160, cap: 2, weekdays: "0126", times: "morning,afternoon", locale: "uk" },
  { firstName: "Yuliia", lastName: "Hrytsenko", country: "UA", gender: "female", home: "rakvere", languages: "uk:native,ru:fluent,en:basic", offers: "crafts:Beaded jewellery", maxTravel: 180, cap: 1, weekdays: "06", times: "afternoon", locale: "uk" },
  { firstName: "Mariia", lastName: "Lysenko", country: "UA", gender: "female", home: "johvi", languages: "uk:native,ru:native", offers: "food:Syrnyky and honey cake;crafts:Knitted toys", maxTravel: 120, cap: 2, weekdays: "356", times: "afternoon,evening", childcare: true, locale: "uk" },
  { firstName: "Dmytro", lastName: "Savchuk", country: "UA", gender: "male", home: "maardu", languages: "uk:native,ru:fluent,en:conversational,et:basic", offers: "workshop:Woodcarving for children", maxTravel: 220, cap: 2, weekdays: "06", times: "morning,afternoon", locale: "uk" },
  { firstName: "Halyna", lastName: "Petrenko", country: "UA", gender: "female", home: "kohtla-jarve", languages: "uk:native,ru:native,et:basic", offers: "music:Choir songs from Poltava", maxTravel: 140, cap: 2, weekdays: "046", times: "afternoon,evening", stepFree: true, locale: "ru" },
  { firstName: "Ahmad", lastName: "Al-Hassan", country: "SY", gender: "male", home: "tallinn", languages: "ar:native,en:fluent,et:conversational", offers: "food:Syrian mezze and falafel;story:From Aleppo to Tallinn", maxTravel: 240, cap: 2, weekdays: "0456", times: "afternoon,evening", dietary: "halal", locale: "en" },
  { firstName: "Rasha", lastName: "Haddad", country: "SY", gender: "female", home: "tartu", languages: "ar:native,en:conversational,et:basic", offers: "crafts:Damascene mosaic boxes;food:Kibbeh", maxTravel: 180, cap: 2, weekdays: "06", times: "afternoon", childcare: true, dietary: "halal", locale: "en" },
  { firstName: "Omar", lastName: "Khalil", country: "SY", gender: "male", home: "parnu", languages: "ar:native,et:fluent,en:conversational", offers: "interpreting:Arabic–Estonian;language_cafe:Arabic for beginners", maxTravel: 200, cap: 3, weekdays: "1236", times: "evening", dietary: "halal", locale: "et" },
  { firstName: "Lina", lastName: "Nasser", country: "SY", gender: "female", home: "tallinn", languages: "ar:native,en:fluent,fr:conversational", offers: "workshop:Arabic calligraphy", maxTravel: 300, cap: 2, weekdays: "056", times: "afternoon,evening", locale: "en" },
  { firstName: "Zahra", lastName: "Ahmadi", country: "AF", gender: "female", home: "tallinn", languages: "prs:native,fa:fluent,en:conversational,et:basic", offers: "crafts:Afghan embroidery;story:Studying again after Kabul", maxTravel: 240, cap: 2, weekdays: "06", times: "afternoon", locale: "en" },
  { firstName: "Farid", lastName: "Rahimi", country: "AF", gender: "male", home: "tartu", languages: "prs:native,ps:fluent,en:fluent,et:conversational", offers: "food:Kabuli pulao;interpreting:Dari–English", maxTravel: 200, cap: 2, weekdays: "0356", times: "afternoon,evening", dietary: "halal", locale: "en" },
  { firstName: "Mursal", lastName: "Noori", country: "AF", gender: "female", home: "narva", languages: "prs:native,ru:conversational,en:basic", offers: "crafts:Hand-sewn bags", maxTravel: 150, cap: 1, weekdays: "6", times: "afternoon", childcare: true, locale: "en" },
  { firstName: "Senait", lastName: "Tesfay", country: "ER", gender: "female", home: "tallinn", languages: "ti:native,en:fluent,et:basic", offers: "food:Coffee ceremony and injera;story:Crossing the Mediterranean", maxTravel: 240, cap: 2, weekdays: "06", times: "afternoon,evening", locale: "en" },
  { firstName: "Yonas", lastName: "Gebremedhin", country: "ER", gender: "male", home: "tartu", languages: "ti:native,am:fluent,en:fluent", offers: "music:Krar and Eritrean songs", maxTravel: 200, cap: 2, weekdays: "056", times: "evening", locale: "en" },
  { firstName: "Hawa", lastName: "Ghebre", country: "ER", gender: "female", home: "parnu", languages: "ti:native,ar:conversational,en:conversational", offers: "crafts:Woven baskets", maxTravel: 180, cap: 2, weekdays: "06", times: "morning,afternoon", locale: "en" },
  { firstName: "Ali", lastName: "Karim", country: "IQ", gender: "male", home: "tallinn", languages: "ar:native,ku:fluent,en:fluent,et:conversational", offers: "story:Life in Mosul and after;language_cafe:Arabic and Kurdish", maxTravel: 240, cap: 2, weekdays: "1356", times: "evening", locale: "en" },
  { firstName: "Noor", lastName: "Jaber", country: "IQ", gender: "female", home: "tartu", languages: "ar:native,en:conversational", offers: "food:Iraqi dolma and klecha", maxTravel: 160, cap: 2, weekdays: "06", times: "afternoon", dietary: "halal", locale: "en" },
  { firstName: "Svetlana", lastName: "Morozova", country: "RU", gender: "female", home: "narva", languages: "ru:native,et:conversational,en:basic", offers: "language_cafe:Estonian practice for Russian speakers;crafts:Felted wool", maxTravel: 200, cap: 2, weekdays: "2456", times: "afternoon,evening", locale: "ru" },
  { firstName: "Pavel", lastName: "Sokolov", country: "RU", gender: "male", home: "sillamae", languages: "ru:native,en:conversational,et:basic", offers: "music:Guitar and bard songs", maxTravel: 180, cap: 2, weekdays: "56", times: "evening", locale: "ru" },
  { firstName: "Anastasia", lastName: "Volkova", country: "RU", gender: "female", home: "tallinn", languages: "ru:native,en:fluent,et:fluent", offers: "interpreting:Russian–Estonian;workshop:Watercolour painting", maxTravel: 240, cap: 3, weekdays: "0246", times: "morning,afternoon,evening", locale: "ru" },
  { firstName: "Aliaksandra", lastName: "Kuzmich", country: "BY", gender: "female", home: "tallinn", languages: "be:native,ru:native,en:fluent,et:conversational", offers: "story:Leaving Minsk after 2020;crafts:Straw weaving", maxTravel: 240, cap: 2, weekdays: "06", times: "afternoon", locale: "en" },
  { firstName: "Maksim", lastName: "Hrynevich", country: "BY", gender: "male", home: "tartu", languages: "be:native,ru:native,en:conversational", offers: "workshop:Bicycle repair", maxTravel: 180, cap: 2, weekdays: "6", times: "morning,afternoon", locale: "ru" },
  { firstName: "Elif", lastName: "Yılmaz", country: "TR", gender: "female", home: "tallinn", languages: "tr:native,en:fluent,et:basic", offers: "food:Turkish börek and tea;workshop:Ebru marbling", maxTravel: 240, cap: 2, weekdays: "056", times: "afternoon,evening", locale: "en" },
  { firstName: "Mehmet", lastName: "Demir", country: "TR", gender: "male", home: "parnu", languages: "tr:native,ku:fluent,en:conversational", offers: "music:Bağlama", maxTravel: 200, cap: 2, weekdays: "56", times: "evening", locale: "en" },
  { firstName: "Maryam", lastName: "Hosseini", country: "IR", gender: "female", home: "tallinn", languages: "fa:native,en:fluent,et:conversational", offers: "crafts:Persian miniature painting;story:An artist's exile", maxTravel: 300, cap: 2, weekdays: "0356", times: "afternoon,evening", locale: "en" },
  { firstName: "Reza", lastName: "Karimi", country: "IR", gender: "male", home: "tartu", languages: "fa:native,en:fluent,et:basic", offers: "food:Saffron rice and tahdig;music:Setar", maxTravel: 200, cap: 2, weekdays: "06", times: "afternoon,evening", locale: "en" },
  { firstName: "Amna", lastName: "Osman", country: "SD", gender: "female", home: "tallinn", languages: "ar:native,en:conversational", offers: "crafts:Henna art;food:Sudanese peanut salad", maxTravel: 180, cap: 2, weekdays: "06", times: "afternoon", childcare: true, locale: "en" },
  { firstName: "Abdelrahman", lastName: "Idris", country: "SD", gender: "male", home: "tartu", languages: "ar:native,en:fluent,et:conversational", offers: "story:A doctor starting over;interpreting:Arabic–English", maxTravel: 240, cap: 2, weekdays: "0156", times: "evening", locale: "en" },
  { firstName: "Hodan", lastName: "Warsame", country: "SO", gender: "female", home: "tallinn", languages: "so:native,en:fluent,ar:basic", offers: "food:Somali sambusa;story:Growing up in Mogadishu", maxTravel: 200, cap: 2, weekdays: "06", times: "afternoon", locale: "en" },
  { firstName: "Abdi", lastName: "Farah", country: "SO", gender: "male", home: "maardu", languages: "so:native,en:conversational,et:basic", offers: "workshop:Football for kids", maxTravel: 180, cap: 2, weekdays: "56", times: "morning,afternoon", locale: "en" },
  { firstName: "Daniela", lastName: "Rojas", country: "VE", gender: "female", home: "tallinn", languages: "es:native,en:fluent,et:conversational", offers: "food:Arepas;music:Venezuelan cuatro", maxTravel: 240, cap: 2, weekdays: "0456", times: "afternoon,evening", locale: "en" },
  { firstName: "Luis", lastName: "Mendoza", country: "VE", gender: "male", home: "tartu", languages: "es:native,en:conversational", offers: "workshop:Latin dance;language_cafe:Spanish conversation", maxTravel: 200, cap: 2, weekdays: "56", times: "evening", locale: "en" },
  { firstName: "Sofía", lastName: "Pérez", country: "VE", gender: "female", home: "parnu", languages: "es:native,en:conversational,et:basic", offers: "crafts:Beaded earrings", maxTravel: 160, cap: 1, weekdays: "6", times: "afternoon", locale: "en" },
  { firstName: "Tigist", lastName: "Bekele", country: "ET", gender: "female", home: "tallinn", languages: "am:native,en:fluent", offers: "food:Ethiopian coffee and bread", maxTravel: 200, cap: 2, weekdays: "06", times: "afternoon", locale: "en" },
  { firstName: "Kateryna", lastName: "Ivanenko", country: "UA", gender: "female", home: "tallinn", languages: "uk:native,ru:fluent,et:fluent", offers: "interpreting:Ukrainian–Estonian;language_cafe:Estonian for newcomers", maxTravel: 300, cap: 3, weekdays: "023456", times: "morning,afternoon,evening", locale: "et" },
  { firstName: "Viktor", lastName: "Romanenko", country: "UA", gender: "male", home: "narva", languages: "uk:native,ru:native", offers: "crafts:Wooden toys;story:Mariupol before and after", maxTravel: 180, cap: 2, weekdays: "06", times: "morning,afternoon", stepFree: true, locale: "ru" },
  { firstName: "Hanna", lastName: "Polishchuk", country: "UA", gender: "female", home: "tartu", languages: "uk:native,en:fluent,et:conversational", offers: "workshop:Ukrainian vytynanka paper cutting;music:Violin", maxTravel: 240, cap: 2, weekdays: "0356", times: "afternoon,evening", locale: "uk" },
  { firstName: "Bashir", lastName: "Sultani", country: "AF", gender: "male", home: "parnu", languages: "prs:native,fa:fluent,en:basic", offers: "food:Bolani flatbread", maxTravel: 160, cap: 2, weekdays: "6", times: "afternoon", locale: "en" },
  { firstName: "Yasmin", lastName: "Saleh", country: "SY", gender: "female", home: "viljandi", languages: "ar:native,et:conversational,en:basic", offers: "crafts:Crochet;food:Baklava", maxTravel: 160, cap: 2, weekdays: "06", times: "afternoon", locale: "et" },
  { firstName: "Tamara", lastName: "Gabunia", country: "GE", gender: "female", home: "tallinn", languages: "ka:native,ru:fluent,en:conversational", offers: "food:Khachapuri;music:Georgian polyphonic singing", maxTravel: 240, cap: 2, weekdays: "0456", times: "afternoon,evening", locale: "ru" },
];
