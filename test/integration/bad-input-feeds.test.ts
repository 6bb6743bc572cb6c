// Hostile text that is stored must not change a calendar feed's structure.
import { describeHostileFeeds, useBadInputFixtures } from "../helpers/badInput";

useBadInputFixtures();
describeHostileFeeds();
