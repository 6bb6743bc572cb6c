import { useNavigate } from "@remix-run/react";
import type { MouseEvent } from "react";

/**
 * One click handler for the plain links inside a long list (e.g. fifty table rows), instead of a
 * <Link> per row: a <Link> is several hooks each, and rendering them was a visible part of the
 * page's server time (profiled). A plain left click on a link to this site navigates in the app as
 * <Link> does; a click with a modifier key, another button, a target or a download is the
 * browser's, as is every click before the page is hydrated.
 */
export function useDelegatedLinks(): (event: MouseEvent<HTMLElement>) => void {
  const navigate = useNavigate();
  return (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    if (!(link instanceof HTMLAnchorElement) || (link.target && link.target !== "_self") || link.hasAttribute("download")) return;
    if (link.origin !== window.location.origin) return;
    event.preventDefault();
    navigate(link.pathname + link.search + link.hash);
  };
}
