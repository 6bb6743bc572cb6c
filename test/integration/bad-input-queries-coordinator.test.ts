// Bad input in query strings and URL parameters of the coordinator pages.
import { describeQueryCorpus, useBadInputFixtures } from "../helpers/badInput";

useBadInputFixtures();
describeQueryCorpus("coordinator");
