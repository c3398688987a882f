/** How a moment is written everywhere in the app: the medium date and the short time ("Nov 27, 2026, 2:35 PM"). */
export const MOMENT_STYLE = { dateStyle: "medium", timeStyle: "short" } as const;
