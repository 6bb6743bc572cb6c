// Bad input in query strings and URL parameters of the public pages.
import { describeQueryCorpus, useBadInputFixtures } from "../helpers/badInput";

useBadInputFixtures();
describeQueryCorpus("public");
