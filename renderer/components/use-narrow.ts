/** Whether the window is narrow (a phone-sized tab, the tray popover): for drawings that pick their own scale. */
import { useEffect, useState } from "react";

const NARROW = "(max-width: 600px)";

export function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => window.matchMedia?.(NARROW).matches ?? false);
  useEffect(() => {
    const query = window.matchMedia?.(NARROW);
    if (!query) return;
    const onChange = () => setNarrow(query.matches);
    query.addEventListener("change", onChange);
    return () => query.removeEventListener("change", onChange);
  }, []);
  return narrow;
}
