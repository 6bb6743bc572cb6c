/**
 * The series form's venue value for "the new place the host described in their request": it is
 * made only when the coordinator saves the series (issue 16). Shared by the form (browser) and
 * the use-case (server), so it lives outside any .server module.
 */
export const REQUEST_VENUE = "request";
