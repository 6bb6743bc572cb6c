// Bodies that are not forms, and the corpus's coverage of every route with an action.
import { describeBodiesThatAreNotForms, describeFormCoverage, useBadInputFixtures } from "../helpers/badInput";

useBadInputFixtures();
describeFormCoverage();
describeBodiesThatAreNotForms();
