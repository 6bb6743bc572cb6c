// Bad input to the forms of one group (see test/helpers/badInput.ts for the corpus and the rules).
import { describeFormCorpus, useBadInputFixtures } from "../helpers/badInput";

useBadInputFixtures();
describeFormCorpus("outbox");
